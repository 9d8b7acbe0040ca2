package dev.healthmon.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Outcome;

/**
 * Turns the event stream into what the store writes: each monitor's checks are counted here, in memory, and leave
 * as one {@link CheckSummary} when the monitor's span ends; status changes and notifications leave as they come,
 * after the summary of the checks before them, so the store folds a monitor's state in the order it happened.
 *
 * <p>A span is one second per 200 monitors, at least {@link #MIN_SPAN} and at most {@link #MAX_SPAN}: a few
 * monitors are written every second, as before, and 10,000 monitors checked every second are written once a
 * minute each, about 200 summaries a second, instead of 10,000 events a second. Each monitor's spans are shifted
 * by a hash of its name, so monitors that check in step are not all written at once. Time is the events' own, so
 * a virtual or a replayed history is cut the same way; a monitor that stops checking is written when another
 * event shows that its span has ended.
 *
 * <p>Not thread-safe: one {@code Flux}'s {@code onNext}, one at a time. A check costs a map look-up and a few
 * additions, and allocates nothing.
 */
final class CheckTallies {

    /** The shortest span: a monitor's checks are summarised at most once a second. */
    static final Duration MIN_SPAN = Duration.ofSeconds(1);
    /** The longest span, so that a summary holds at most two UTC minutes. */
    static final Duration MAX_SPAN = Duration.ofMinutes(1);
    private static final long SPAN_PER_MONITOR_MS = 5;
    private static final long MINUTE_MS = 60_000;

    private final Map<String, Tally> tallies = new HashMap<>();
    private long sweepAt = Long.MIN_VALUE;

    /** Returns what to write for {@code event}, in order: often nothing (a check is counted and kept). */
    List<HistoryEntry> accept(MonitorEvent event) {
        if (event instanceof MonitorEvent.Checked checked) {
            return check(checked);
        }
        if (event instanceof MonitorEvent.StatusChanged) {
            return closeThen(event.name(), HistoryEntry.of(event));
        }
        if (event instanceof MonitorEvent.Notification) {
            return List.of(HistoryEntry.of(event));
        }
        if (event instanceof MonitorEvent.Lifecycle lifecycle
                && lifecycle.action() != MonitorEvent.Lifecycle.Action.ADDED) {
            Tally tally = lifecycle.action() == MonitorEvent.Lifecycle.Action.REMOVED
                    ? tallies.remove(lifecycle.name()) : tallies.get(lifecycle.name());
            return tally == null || tally.checks == 0 ? List.of() : List.of(tally.close());
        }
        // added, maintenance windows (stored apart) and reloads say nothing the store keeps here
        return List.of();
    }

    /** Returns the summaries of every check counted and not yet handed over: at the end of the stream. */
    List<HistoryEntry> drain() {
        List<HistoryEntry> out = new ArrayList<>();
        for (Tally tally : tallies.values()) {
            if (tally.checks > 0) {
                out.add(tally.close());
            }
        }
        return out;
    }

    /** Returns the span a monitor's checks are summarised over now: it grows with the monitors. */
    long spanMillis() {
        long span = tallies.size() * SPAN_PER_MONITOR_MS;
        return Math.max(MIN_SPAN.toMillis(), Math.min(MAX_SPAN.toMillis(), span));
    }

    private List<HistoryEntry> check(MonitorEvent.Checked checked) {
        long at = checked.time().toEpochMilli();
        Tally tally = tallies.get(checked.name());
        List<HistoryEntry> out = List.of();
        if (tally == null) {
            tally = new Tally(checked.name());
            tallies.put(checked.name(), tally);
        }
        else if (tally.checks > 0 && (at >= tally.flushAt || !tally.fits(at))) {
            out = List.of(tally.close());
        }
        if (tally.checks == 0) {
            tally.open(at, spanMillis());
        }
        tally.add(checked, at);
        if (at >= sweepAt) {
            sweepAt = at + MIN_SPAN.toMillis();
            out = sweep(at, out);
        }
        return out;
    }

    // the monitors whose span ended without a check after it (a long interval, a pause) are written now
    private List<HistoryEntry> sweep(long now, List<HistoryEntry> before) {
        List<HistoryEntry> out = null;
        for (Tally tally : tallies.values()) {
            if (tally.checks > 0 && tally.flushAt <= now) {
                if (out == null) {
                    out = new ArrayList<>(before);
                }
                out.add(tally.close());
            }
        }
        return out == null ? before : out;
    }

    private List<HistoryEntry> closeThen(String name, HistoryEntry entry) {
        Tally tally = tallies.get(name);
        return tally == null || tally.checks == 0 ? List.of(entry) : List.of(tally.close(), entry);
    }

    /** One monitor's checks since its last summary. */
    private static final class Tally {
        private final String name;
        private final Part[] parts = {new Part(), new Part()};
        private int used;
        long checks;
        long flushAt = Long.MAX_VALUE;
        private long last;
        private HealthStatus status = HealthStatus.STARTING;
        private String detail = "";
        private long lastPass;
        private boolean passed;
        private int trailingFailures;
        private long statusSince;
        private boolean statusFromFirst;

        Tally(String name) {
            this.name = name;
        }

        // the span ends at the next point of the monitor's own grid: every span, shifted by its name's hash
        void open(long at, long span) {
            long offset = Math.floorMod(name.hashCode(), span);
            flushAt = at - Math.floorMod(at - offset, span) + span;
        }

        boolean fits(long at) {
            long minute = Math.floorDiv(at, MINUTE_MS) * MINUTE_MS;
            return used < parts.length || parts[0].start == minute || parts[1].start == minute;
        }

        void add(MonitorEvent.Checked checked, long at) {
            boolean pass = checked.outcome() == Outcome.Kind.PASS;
            part(Math.floorDiv(at, MINUTE_MS) * MINUTE_MS).add(pass, checked.latency().toNanos() / 1_000);
            if (checks == 0) {
                statusSince = at;
                statusFromFirst = true;
            }
            else if (checked.status() != status) {
                statusSince = at;
                statusFromFirst = false;
            }
            checks++;
            last = at;
            // a healthy target's checks bring the same status and the same detail string each time: storing them
            // again would dirty this old object's card for the collector at every check, for nothing
            if (status != checked.status()) {
                status = checked.status();
            }
            if (!detail.equals(checked.detail())) {
                detail = checked.detail();
            }
            if (pass) {
                lastPass = passed ? Math.max(lastPass, at) : at;
                passed = true;
                trailingFailures = 0;
            }
            else {
                trailingFailures++;
            }
        }

        private Part part(long minute) {
            for (int i = 0; i < used; i++) {
                if (parts[i].start == minute) {
                    return parts[i];
                }
            }
            Part part = parts[used++];
            part.start = minute;
            return part;
        }

        CheckSummary close() {
            List<CheckSummary.Minute> minutes = new ArrayList<>(used);
            for (int i = 0; i < used; i++) {
                minutes.add(parts[i].toMinute());
            }
            if (minutes.size() > 1 && minutes.get(0).start() > minutes.get(1).start()) {
                minutes.add(minutes.remove(0));
            }
            CheckSummary summary = new CheckSummary(name, minutes, Instant.ofEpochMilli(last), status, detail,
                    passed ? Instant.ofEpochMilli(lastPass) : null, trailingFailures, Instant.ofEpochMilli(statusSince),
                    statusFromFirst);
            for (Part part : parts) {
                part.reset();
            }
            used = 0;
            checks = 0;
            flushAt = Long.MAX_VALUE;
            passed = false;
            trailingFailures = 0;
            return summary;
        }
    }

    /** The counts of one minute within a tally: a batch's rollup counts, and the minute they are of. */
    private static final class Part extends BatchPlan.Rollup {
        long start;

        CheckSummary.Minute toMinute() {
            return new CheckSummary.Minute(start, checks, failures, latencySum, latencyCount, latencyMin, latencyMax);
        }

        void reset() {
            checks = 0;
            failures = 0;
            latencySum = 0;
            latencyCount = 0;
            latencyMin = Long.MAX_VALUE;
            latencyMax = Long.MIN_VALUE;
        }
    }
}
