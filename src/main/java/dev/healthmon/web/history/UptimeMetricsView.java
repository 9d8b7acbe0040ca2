package dev.healthmon.web.history;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * GoDoxy's uptime JSON for a period ({@code GET /api/v1/metrics/uptime?period=}), field for field:
 * {@code {"total","data":[{"alias","uptime","downtime","idle","avg_latency","current_status","statuses"}]}}.
 *
 * @param total the monitors that match the keyword, before paging
 * @param data the page of monitors, ordered by name
 */
public record UptimeMetricsView(int total, List<RouteAggregate> data) {

    public UptimeMetricsView {
        data = List.copyOf(data);
    }

    /**
     * One monitor over the period, as GoDoxy's {@code RouteAggregate}.
     *
     * @param alias the monitor's name
     * @param uptime the share of the period spent healthy, 0..1
     * @param downtime the share spent unhealthy or in error
     * @param idle the share spent starting or napping
     * @param avgLatency mean latency of the passing checks, milliseconds; 0 when there was none
     * @param currentStatus the status now
     * @param statuses up to 100 points spaced a hundredth of the period apart, oldest first
     */
    public record RouteAggregate(String alias, double uptime, double downtime, double idle,
            @JsonProperty("avg_latency") double avgLatency, @JsonProperty("current_status") String currentStatus,
            List<RouteStatus> statuses) {

        public RouteAggregate {
            statuses = List.copyOf(statuses);
        }
    }

    /**
     * The status of a monitor at one moment, as GoDoxy's {@code Status}.
     *
     * @param status {@code healthy}, {@code unhealthy}, {@code napping}, {@code starting}, {@code error} or
     *        {@code unknown}
     * @param latency milliseconds
     * @param timestamp unix seconds
     */
    public record RouteStatus(String status, int latency, long timestamp) {
    }
}
