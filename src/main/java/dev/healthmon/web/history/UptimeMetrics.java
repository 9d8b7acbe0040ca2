package dev.healthmon.web.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.store.HistoryPoint;
import dev.healthmon.store.SpanKind;
import dev.healthmon.store.TimelineSpan;
import dev.healthmon.store.UptimeCalculator;
import dev.healthmon.web.history.UptimeMetricsView.RouteAggregate;
import dev.healthmon.web.history.UptimeMetricsView.RouteStatus;
import org.jspecify.annotations.Nullable;

/**
 * GoDoxy's uptime aggregation computed from the store instead of sampled: pure functions over one monitor's
 * timeline and history points for a period.
 *
 * <p>Points are taken every {@code period / 100} (at least 1 s) back from now, and only where history exists.
 * Each has the status of the timeline at that moment and the mean latency of the latest history step at or
 * before it, as GoDoxy's poller would have seen the monitor's last check. {@code uptime}, {@code downtime} and
 * {@code idle} are shares of the whole period: healthy, unhealthy or error, and starting or napping time.
 */
final class UptimeMetrics {

    private UptimeMetrics() {
    }

    /**
     * Returns the aggregate of one monitor.
     *
     * @param spans its timeline over {@code [now - period, now)}
     * @param points its history over the same period, oldest first
     * @param live its live status, or {@code null} when it is not running
     */
    static RouteAggregate aggregate(String alias, UptimePeriod period, Instant now, List<TimelineSpan> spans,
            List<HistoryPoint> points, @Nullable HealthStatus live) {
        UptimeCalculator.Tally tally = UptimeCalculator.tally(spans);
        double length = period.length().toMillis();
        List<RouteStatus> statuses = statuses(period, now, spans, points);
        String current = live != null ? godoxy(live)
                : statuses.isEmpty() ? godoxy(HealthStatus.UNKNOWN) : statuses.get(statuses.size() - 1).status();
        return new RouteAggregate(alias, tally.millis(SpanKind.UP) / length, tally.millis(SpanKind.DOWN) / length,
                tally.millis(SpanKind.IDLE) / length, averageLatency(points), current, statuses);
    }

    /** Returns the status of a live monitor now, as GoDoxy shows it. */
    static RouteStatus current(HealthStatus status, long latencyMillis, Instant now) {
        return new RouteStatus(godoxy(status), clamp(latencyMillis), now.getEpochSecond());
    }

    /** Returns whether every character of {@code keyword} appears in {@code alias} in order, ignoring case. */
    static boolean matches(String keyword, String alias) {
        int[] wanted = keyword.codePoints().map(UptimeMetrics::fold).toArray();
        int found = 0;
        for (int c : alias.codePoints().map(UptimeMetrics::fold).toArray()) {
            if (found < wanted.length && c == wanted[found]) {
                found++;
            }
        }
        return found == wanted.length;
    }

    private static List<RouteStatus> statuses(UptimePeriod period, Instant now, List<TimelineSpan> spans,
            List<HistoryPoint> points) {
        List<RouteStatus> statuses = new ArrayList<>();
        long spacing = period.spacing().toMillis();
        long end = now.toEpochMilli();
        for (int k = UptimePeriod.POINTS - 1; k >= 0; k--) {
            long at = end - k * spacing;
            TimelineSpan span = spanAt(spans, at);
            if (span == null || span.status() == null) {
                continue;
            }
            boolean known = span.kind() != SpanKind.UNMONITORED;
            String status = known ? godoxy(span.status()) : godoxy(HealthStatus.UNKNOWN);
            long latency = known ? latencyAt(points, at) : 0;
            statuses.add(new RouteStatus(status, clamp(latency), Math.floorDiv(at, 1000)));
        }
        return statuses;
    }

    // the span that holds at; the last one for the end of the period, which spans exclude
    private static @Nullable TimelineSpan spanAt(List<TimelineSpan> spans, long at) {
        for (TimelineSpan span : spans) {
            if (span.start().toEpochMilli() <= at && at < span.end().toEpochMilli()) {
                return span;
            }
        }
        if (!spans.isEmpty() && spans.get(spans.size() - 1).end().toEpochMilli() == at) {
            return spans.get(spans.size() - 1);
        }
        return null;
    }

    private static long latencyAt(List<HistoryPoint> points, long at) {
        Double latency = null;
        for (HistoryPoint point : points) {
            if (point.time().toEpochMilli() > at) {
                break;
            }
            if (point.latencyAvg() != null) {
                latency = point.latencyAvg();
            }
        }
        return latency == null ? 0 : Math.round(latency);
    }

    // weighted by the passing checks, whose latencies the rollups average
    private static double averageLatency(List<HistoryPoint> points) {
        double sum = 0;
        long passes = 0;
        for (HistoryPoint point : points) {
            long passed = point.checks() - point.failures();
            if (point.latencyAvg() != null && passed > 0) {
                sum += point.latencyAvg() * passed;
                passes += passed;
            }
        }
        return passes == 0 ? 0 : sum / passes;
    }

    // GoDoxy knows healthy, unhealthy, napping, starting, error and unknown
    static String godoxy(HealthStatus status) {
        return switch (status) {
            case HEALTHY, UNHEALTHY, NAPPING, STARTING, ERROR -> status.toString();
            // slow but up: GoDoxy's healthy
            case DEGRADED -> HealthStatus.HEALTHY.toString();
            case UNKNOWN, STOPPED -> HealthStatus.UNKNOWN.toString();
        };
    }

    private static int clamp(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, millis));
    }

    private static int fold(int c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }
}
