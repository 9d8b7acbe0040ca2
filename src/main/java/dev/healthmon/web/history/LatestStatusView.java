package dev.healthmon.web.history;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * GoDoxy's uptime JSON without a period: the status of every live monitor now,
 * {@code {"statuses":{"<name>":{"status","latency","timestamp"}},"timestamp"}}.
 *
 * @param statuses by monitor name, ordered by name
 * @param timestamp now, unix seconds
 */
public record LatestStatusView(Map<String, UptimeMetricsView.RouteStatus> statuses, long timestamp) {

    public LatestStatusView {
        statuses = Collections.unmodifiableMap(new TreeMap<>(statuses));
    }
}
