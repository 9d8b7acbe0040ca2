package dev.healthmon.web.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.healthmon.store.HistoryRange;
import dev.healthmon.store.LatencySummary;
import dev.healthmon.store.UptimeReport;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of one monitor's uptime over a period (DESIGN section 10). Times are unix seconds, durations seconds,
 * latencies milliseconds.
 *
 * @param name the monitor
 * @param from the start of the period
 * @param to the end of the period
 * @param uptime {@code up / (up + down)}, a 0..1 ratio, or {@code null} when both are 0
 * @param up seconds healthy
 * @param down seconds unhealthy or in error
 * @param maintenance seconds in maintenance
 * @param unmonitored seconds the service was not running
 * @param checks checks in the period
 * @param failures failed checks
 * @param incidents outages that overlap the period
 * @param latency latency of the passing checks
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UptimeView(String name, long from, long to, @Nullable Double uptime, long up, long down,
        long maintenance, long unmonitored, long checks, long failures, int incidents, LatencyView latency) {

    /** Returns the view of {@code report}. */
    public static UptimeView of(UptimeReport report) {
        LatencySummary latency = report.latency();
        return new UptimeView(report.name(), report.from().getEpochSecond(), report.to().getEpochSecond(),
                report.uptime(), report.up(), report.down(), report.maintenance(), report.unmonitored(),
                report.checks(), report.failures(), report.incidents(),
                new LatencyView(latency.avg(), latency.min(), latency.max()));
    }

    /** Returns the view of a monitor with nothing stored over {@code range}. */
    static UptimeView empty(String name, HistoryRange range) {
        return new UptimeView(name, range.from().getEpochSecond(), range.to().getEpochSecond(), null, 0, 0, 0, 0,
                0, 0, 0, new LatencyView(null, null, null));
    }

    /**
     * Latency of the passing checks, milliseconds; each {@code null} when there was none.
     *
     * @param avg the mean
     * @param min the smallest
     * @param max the largest
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LatencyView(@Nullable Double avg, @Nullable Double min, @Nullable Double max) {
    }
}
