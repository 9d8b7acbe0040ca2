package dev.healthmon.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.healthmon.core.probe.Probe;

/**
 * What the benchmark learns from the checks themselves: each probe is wrapped so that the start of a check is
 * compared with the tick it was due at ({@link TickScheduler#due()}), and its result is counted. The wrapper adds
 * no operator before the check starts (the probe's {@code check} is called when the check is subscribed) and one
 * {@code doOnNext} after it: the benchmark's own cost per check, well under a microsecond.
 */
final class CheckRecorder {

    private static final long ON_TIME_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final LongAdder started = new LongAdder();
    private final LongAdder onTime = new LongAdder();
    private final LongAdder unscheduled = new LongAdder();
    private final LongAdder passed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile Histogram lateness = new Histogram();

    /** Returns {@code probe}, measured. */
    Probe wrap(Probe probe) {
        return url -> {
            started();
            return probe.check(url).doOnNext(result -> (result.healthy() ? passed : failed).increment());
        };
    }

    /** Starts a new lateness histogram and returns the counters now. */
    Counts restart() {
        lateness = new Histogram();
        return counts();
    }

    Counts counts() {
        return new Counts(started.sum(), onTime.sum(), unscheduled.sum(), passed.sum(), failed.sum());
    }

    /**
     * Returns the lateness histogram of the window and starts another: what comes after the window (the full GC
     * that weighs the heap, above all) is not the window's. It read 5 % more checks than the window started, and a
     * p99 of 127-354 ms where 99.99 % of the window's checks had started within 100 ms.
     */
    Histogram endWindow() {
        Histogram window = lateness;
        lateness = new Histogram();
        return window;
    }

    private void started() {
        started.increment();
        long due = TickScheduler.due();
        if (due == TickScheduler.NONE) {
            // a check not started by a tick: a monitor's first check, run when it is added
            unscheduled.increment();
            return;
        }
        long late = System.nanoTime() - due;
        lateness.record(late / 1000);
        if (late <= ON_TIME_NANOS) {
            onTime.increment();
        }
    }

    /** The counters at one moment. */
    record Counts(long started, long onTime, long unscheduled, long passed, long failed) {

        Counts minus(Counts earlier) {
            return new Counts(started - earlier.started, onTime - earlier.onTime, unscheduled - earlier.unscheduled,
                    passed - earlier.passed, failed - earlier.failed);
        }

        long completed() {
            return passed + failed;
        }
    }
}
