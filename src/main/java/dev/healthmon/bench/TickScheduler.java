package dev.healthmon.bench;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A scheduler that passes everything to another and remembers, while one of its tasks runs, when that run was
 * due: {@link #due()}. A periodic task's k-th run is due at {@code submitted + initialDelay + k * period}; a
 * delayed task's at {@code submitted + delay}. A check that starts inside a tick can so be compared with its
 * tick, without touching the engine: the benchmark hands this scheduler to the monitors as their
 * {@code MonitorOptions} scheduler, which is what a user's monitors get {@code Schedulers.parallel()} through.
 * Times are {@link System#nanoTime()}.
 */
final class TickScheduler implements Scheduler {

    /** The value of {@link #due()} outside of a task of this scheduler. */
    static final long NONE = Long.MIN_VALUE;

    private static final ThreadLocal<long[]> DUE = ThreadLocal.withInitial(() -> new long[] {NONE});

    private final Scheduler delegate;

    TickScheduler(Scheduler delegate) {
        this.delegate = requireNonNull(delegate, "delegate");
    }

    /** Returns when the task running on this thread was due, or {@link #NONE} outside of one. */
    static long due() {
        return DUE.get()[0];
    }

    @Override
    public Disposable schedule(Runnable task) {
        return delegate.schedule(once(task, System.nanoTime()));
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        return delegate.schedule(once(task, System.nanoTime() + unit.toNanos(delay)), delay, unit);
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return delegate.schedulePeriodically(periodic(task, initialDelay, period, unit), initialDelay, period, unit);
    }

    @Override
    public long now(TimeUnit unit) {
        return delegate.now(unit);
    }

    @Override
    public Worker createWorker() {
        Worker worker = delegate.createWorker();
        return new Worker() {
            @Override
            public Disposable schedule(Runnable task) {
                return worker.schedule(once(task, System.nanoTime()));
            }

            @Override
            public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
                return worker.schedule(once(task, System.nanoTime() + unit.toNanos(delay)), delay, unit);
            }

            @Override
            public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
                return worker.schedulePeriodically(periodic(task, initialDelay, period, unit), initialDelay, period,
                        unit);
            }

            @Override
            public void dispose() {
                worker.dispose();
            }

            @Override
            public boolean isDisposed() {
                return worker.isDisposed();
            }
        };
    }

    @Override
    public void dispose() {
        // the delegate is shared (Schedulers.parallel()): it is not this wrapper's to dispose
    }

    @Override
    public void init() {
        delegate.init();
    }

    private static Runnable once(Runnable task, long due) {
        return () -> run(task, due);
    }

    private static Runnable periodic(Runnable task, long initialDelay, long period, TimeUnit unit) {
        long first = System.nanoTime() + unit.toNanos(initialDelay);
        long step = unit.toNanos(period);
        // a periodic task never runs twice at once: its count needs no lock
        long[] runs = {0};
        return () -> run(task, first + runs[0]++ * step);
    }

    private static void run(Runnable task, long due) {
        long[] slot = DUE.get();
        long outer = slot[0];
        slot[0] = due;
        try {
            task.run();
        }
        finally {
            slot[0] = outer;
        }
    }
}
