package dev.healthmon.bench;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.probe.Probe;
import reactor.core.publisher.Mono;

/**
 * How long each check took against its timeout: the start of a check is when the monitor's loop subscribes to
 * its probe (the same moment its timeout starts, in {@code MonitorLoop.check}), its end the time of the check's
 * observation, which the registry's {@link MonitorEvent.Checked} events carry. A check still running when the
 * figures are taken counts with the time it has run so far. Times are wall-clock milliseconds, the clock of the
 * monitors' scheduler.
 */
final class OverrunRecorder {

    /** An overrun above this is what the fault suite counts. */
    static final long LIMIT_MILLIS = 100;

    private final Map<String, Check> checks = new ConcurrentHashMap<>();
    private final Map<String, LongAccumulator> maxByGroup = new ConcurrentHashMap<>();
    private final LongAdder completed = new LongAdder();
    private final LongAdder over = new LongAdder();
    private final LongAccumulator max = new LongAccumulator(Math::max, Long.MIN_VALUE);
    // the checks that reached their timeout: how long after it they ended
    private final Histogram timedOut = new Histogram();
    private volatile boolean recording = true;

    /** Returns {@code probe}, whose checks for the monitor {@code name} are timed against {@code timeout}. */
    Probe wrap(String name, String group, Duration timeout, Probe probe) {
        Check check = new Check(group, timeout.toMillis());
        checks.put(name, check);
        return url -> Mono.defer(() -> {
            check.start = System.currentTimeMillis();
            return probe.check(url);
        });
    }

    /** Records the end of the check that {@code event} reports, when it reports one. */
    void observed(MonitorEvent event) {
        if (!(event instanceof MonitorEvent.Checked checked) || !recording) {
            return;
        }
        Check check = checks.get(checked.name());
        if (check == null || check.start == 0) {
            return;
        }
        long took = checked.time().toEpochMilli() - check.start;
        check.start = 0;
        record(check, took - check.timeoutMillis);
    }

    /**
     * Stops recording, and counts each check still running with the time it has run so far, once that exceeds
     * its timeout: a check that never ends is the worst overrun of all.
     */
    void stop() {
        recording = false;
        long now = System.currentTimeMillis();
        for (Check check : checks.values()) {
            long start = check.start;
            if (start != 0 && now - start > check.timeoutMillis) {
                record(check, now - start - check.timeoutMillis);
            }
        }
    }

    long completed() {
        return completed.sum();
    }

    long over() {
        return over.sum();
    }

    /** Returns the largest overrun in milliseconds (negative when every check ended before its timeout). */
    long maxOverrun() {
        return completed.sum() == 0 ? 0 : max.get();
    }

    /** Returns how many checks reached their timeout (ended at it or after it). */
    long timedOut() {
        return timedOut.count();
    }

    /** Returns the {@code p}-th percentile of how long after their timeout the checks that reached it ended, in ms. */
    double timedOutOverrunMillis(double p) {
        return timedOut.percentileMicros(p) / 1000.0;
    }

    /** Returns the largest overrun of each group (a target kind and a mode), in milliseconds. */
    Map<String, Long> maxOverrunByGroup() {
        Map<String, Long> byGroup = new TreeMap<>();
        maxByGroup.forEach((group, value) -> byGroup.put(group, value.get()));
        return byGroup;
    }

    private void record(Check check, long overrun) {
        completed.increment();
        max.accumulate(overrun);
        maxByGroup.computeIfAbsent(check.group, ignored -> new LongAccumulator(Math::max, Long.MIN_VALUE))
                .accumulate(overrun);
        if (overrun > LIMIT_MILLIS) {
            over.increment();
        }
        if (overrun >= 0) {
            timedOut.record(overrun * 1000);
        }
    }

    /** One monitor's check in flight: checks of one monitor never overlap. */
    private static final class Check {
        final String group;
        final long timeoutMillis;
        volatile long start;

        Check(String group, long timeoutMillis) {
            this.group = group;
            this.timeoutMillis = timeoutMillis;
        }
    }
}
