package dev.healthmon.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.healthmon.core.model.HealthStatus;
import org.jspecify.annotations.Nullable;

/**
 * Time-weighted uptime: pure functions over a monitor's transitions, maintenance spans and the service's runs.
 *
 * <p>At every instant one thing holds, in this order: maintenance (a span that applies), unmonitored (between one
 * run's last sign of life and the next run's start, or after a run that ended cleanly), else the status of the
 * last transition at or before that instant. Up is healthy time, down is unhealthy or error time; idle, stopped,
 * maintenance and unmonitored time are left out of the ratio.
 *
 * <pre>{@code
 * List<TimelineSpan> spans = UptimeCalculator.timeline(from, to, changes, maintenance, runs);
 * UptimeCalculator.Tally tally = UptimeCalculator.tally(spans);
 * }</pre>
 */
public final class UptimeCalculator {

    private UptimeCalculator() {
    }

    /**
     * Returns the timeline of {@code [from, to)}: adjacent spans differ in kind or status and cover the period.
     *
     * @param changes the monitor's transitions in time order; those before {@code from} give the starting status
     * @param maintenance spans; those that do not apply to the monitor must already be left out
     * @param runs the service's runs in start order; empty means the whole period was monitored
     */
    public static List<TimelineSpan> timeline(Instant from, Instant to, List<StatusChange> changes,
            List<MaintenanceSpan> maintenance, List<ServiceRun> runs) {
        List<long[]> gaps = gaps(runs);
        TreeSet<Long> cuts = new TreeSet<>();
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        cuts.add(start);
        cuts.add(end);
        for (StatusChange change : changes) {
            cut(cuts, change.at().toEpochMilli(), start, end);
        }
        for (MaintenanceSpan span : maintenance) {
            cut(cuts, span.from().toEpochMilli(), start, end);
            cut(cuts, span.to().toEpochMilli(), start, end);
        }
        for (long[] gap : gaps) {
            cut(cuts, gap[0], start, end);
            cut(cuts, gap[1], start, end);
        }
        List<TimelineSpan> spans = new ArrayList<>();
        int next = 0;
        @Nullable HealthStatus status = null;
        Long previous = null;
        for (long cut : cuts) {
            if (previous != null) {
                while (next < changes.size() && changes.get(next).at().toEpochMilli() <= previous) {
                    status = changes.get(next).status();
                    next++;
                }
                append(spans, previous, cut, kindAt(previous, status, maintenance, gaps), status);
            }
            previous = cut;
        }
        return spans;
    }

    /** Returns the seconds of each kind of time in {@code spans}, and the uptime ratio. */
    public static Tally tally(List<TimelineSpan> spans) {
        long[] millis = new long[SpanKind.values().length];
        for (TimelineSpan span : spans) {
            millis[span.kind().ordinal()] += span.duration().toMillis();
        }
        return new Tally(millis);
    }

    private static void cut(TreeSet<Long> cuts, long at, long start, long end) {
        if (at > start && at < end) {
            cuts.add(at);
        }
    }

    private static SpanKind kindAt(long at, @Nullable HealthStatus status, List<MaintenanceSpan> maintenance,
            List<long[]> gaps) {
        for (MaintenanceSpan span : maintenance) {
            if (span.from().toEpochMilli() <= at && at < span.to().toEpochMilli()) {
                return SpanKind.MAINTENANCE;
            }
        }
        for (long[] gap : gaps) {
            if (gap[0] <= at && at < gap[1]) {
                return SpanKind.UNMONITORED;
            }
        }
        return SpanKind.of(status);
    }

    private static void append(List<TimelineSpan> spans, long start, long end, SpanKind kind,
            @Nullable HealthStatus status) {
        if (!spans.isEmpty()) {
            TimelineSpan last = spans.get(spans.size() - 1);
            if (last.kind() == kind && last.status() == status) {
                spans.set(spans.size() - 1, new TimelineSpan(last.start(), Instant.ofEpochMilli(end), kind, status));
                return;
            }
        }
        spans.add(new TimelineSpan(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), kind, status));
    }

    // between one run's last sign of life and the next run's start; after a clean end with no run after it
    private static List<long[]> gaps(List<ServiceRun> runs) {
        List<long[]> gaps = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            ServiceRun run = runs.get(i);
            if (i + 1 < runs.size()) {
                long from = run.lastSeen().toEpochMilli();
                long to = runs.get(i + 1).started().toEpochMilli();
                if (to > from) {
                    gaps.add(new long[] {from, to});
                }
            }
            else if (run.ended() != null) {
                gaps.add(new long[] {run.ended().toEpochMilli(), Long.MAX_VALUE});
            }
        }
        return gaps;
    }

    /**
     * Time of each kind over a period.
     */
    public static final class Tally {

        private final long[] millis;

        Tally(long[] millis) {
            this.millis = millis.clone();
        }

        /** Returns the whole seconds of {@code kind} time, rounded to the nearest. */
        public long seconds(SpanKind kind) {
            return Math.round(millis[kind.ordinal()] / 1000.0);
        }

        /** Returns the milliseconds of {@code kind} time. */
        public long millis(SpanKind kind) {
            return millis[kind.ordinal()];
        }

        /** Returns {@code up / (up + down)}, or {@code null} when both are zero. */
        public @Nullable Double uptime() {
            long up = millis(SpanKind.UP);
            long down = millis(SpanKind.DOWN);
            return up + down == 0 ? null : (double) up / (up + down);
        }
    }
}
