package dev.healthmon.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The control of an overrun figure: how late a timer fires in this process when it has nothing to do with the
 * checks. One timer runs on the monitors' scheduler (it waits behind whatever that scheduler runs), one on a
 * thread of its own (it waits only for the machine: a CPU, a pause of the JVM). A check that overran its timeout
 * by about what the thread of its own was late by was late because of the machine, not because of the service.
 */
final class Canary implements AutoCloseable {

    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(OverrunRecorder.LIMIT_MILLIS);

    private final Late onScheduler = new Late();
    private final Late onThread = new Late();
    private final Scheduler scheduler;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Disposable next = () -> { };

    private Canary(Scheduler scheduler) {
        this.scheduler = scheduler;
        this.thread = new Thread(this::sleepInTurns, "hostile-canary");
        this.thread.setDaemon(true);
    }

    /** Starts both timers: every 50 ms, each measures how late it woke. */
    static Canary start(Scheduler scheduler) {
        Canary canary = new Canary(scheduler);
        canary.thread.start();
        canary.scheduleNext();
        return canary;
    }

    /** Returns how late the timer on the monitors' scheduler fired: the most, in ms, and how often by > 100 ms. */
    long[] schedulerLateness() {
        return onScheduler.figures();
    }

    /** Returns how late the thread of its own woke: the most, in ms, and how often by > 100 ms. */
    long[] threadLateness() {
        return onThread.figures();
    }

    @Override
    public void close() {
        running = false;
        next.dispose();
        thread.interrupt();
    }

    private void scheduleNext() {
        long due = System.nanoTime() + PERIOD_NANOS;
        next = scheduler.schedule(() -> {
            onScheduler.record(System.nanoTime() - due);
            if (running) {
                scheduleNext();
            }
        }, PERIOD_NANOS, TimeUnit.NANOSECONDS);
    }

    // a thread of the benchmark's own, outside every event loop and scheduler of the service
    private void sleepInTurns() {
        while (running && !Thread.currentThread().isInterrupted()) {
            long due = System.nanoTime() + PERIOD_NANOS;
            LockSupport.parkNanos(PERIOD_NANOS);
            onThread.record(System.nanoTime() - due);
        }
    }

    private static final class Late {
        private final LongAccumulator max = new LongAccumulator(Math::max, 0);
        private final LongAdder over = new LongAdder();

        void record(long lateNanos) {
            max.accumulate(lateNanos);
            if (lateNanos > LIMIT_NANOS) {
                over.increment();
            }
        }

        long[] figures() {
            return new long[] {TimeUnit.NANOSECONDS.toMillis(max.get()), over.sum()};
        }
    }
}
