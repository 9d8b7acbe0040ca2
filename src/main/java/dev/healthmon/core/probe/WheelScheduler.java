package dev.healthmon.core.probe;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link Scheduler} for many timers: what waits (a {@code Flux.interval}'s next tick, a check's timeout, a
 * delayed first check) waits in a hashed timer wheel (Netty's {@link HashedWheelTimer}), and what is due runs on
 * {@code runner}, a worker of which runs each {@link Worker}'s tasks in order.
 *
 * <p>Why: with {@code Schedulers.parallel()}, every monitor's periodic tick and every check's timeout is an entry
 * of a {@code ScheduledThreadPoolExecutor}'s binary heap, so that adding, running and cancelling one costs
 * {@code O(log n)} under the executor's lock, with n = the monitors and the checks running (tens of thousands at
 * 10,000 monitors). In the wheel, adding and cancelling are {@code O(1)} (a queue offer), and its one thread
 * walks one bucket per tick. The price is precision: a task runs up to one {@link #TICK_MILLIS} tick after it is
 * due, never before. Periodic tasks run at a fixed rate from their first run, as the parallel scheduler's do, so
 * ticks do not drift by a tick each.
 *
 * <p>The wheel's thread only hands due tasks over: it never runs one, so a slow task delays no other timer. It
 * lives with the probes because the wheel is Netty's, which the core reaches only through them.
 */
public final class WheelScheduler implements Scheduler {

    /** The wheel's tick: how late, at most, a task runs after it is due (plus the runner's own delay). */
    public static final long TICK_MILLIS = 10;
    /** Buckets of the wheel: one turn is {@code TICK_MILLIS * WHEEL_SIZE}, about 10 s. */
    static final int WHEEL_SIZE = 1024;

    // the owner of the tasks scheduled on the scheduler itself, rather than on a worker: none
    private static final Disposable.Composite NO_OWNER = Disposables.composite();

    private final Timer wheel;
    private final Scheduler runner;

    private WheelScheduler(Timer wheel, Scheduler runner) {
        this.wheel = requireNonNull(wheel, "wheel");
        this.runner = requireNonNull(runner, "runner");
    }

    /**
     * Returns the scheduler the monitors share by default: one wheel on a daemon thread, started on first use,
     * whose due tasks run on {@link Schedulers#parallel()}.
     */
    public static WheelScheduler shared() {
        return Shared.INSTANCE;
    }

    /** Returns a scheduler with a wheel of its own, on a daemon thread, whose due tasks run on {@code runner}. */
    public static WheelScheduler create(Scheduler runner) {
        return new WheelScheduler(newWheel(), runner);
    }

    @Override
    public Disposable schedule(Runnable task) {
        return runner.schedule(task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        return once(task, delay, unit, runner::schedule, NO_OWNER);
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        if (period <= 0) {
            // the parallel scheduler's rule for a period of 0: run again as soon as the last run ended
            return runner.schedulePeriodically(task, initialDelay, period, unit);
        }
        return periodic(task, initialDelay, period, unit, runner::schedule);
    }

    @Override
    public Worker createWorker() {
        return new WheelWorker(runner.createWorker());
    }

    @Override
    public void dispose() {
        if (this != Shared.INSTANCE) {
            wheel.stop();
        }
    }

    @Override
    public void init() {
        runner.init();
    }

    private Disposable once(Runnable task, long delay, TimeUnit unit, Dispatch dispatch,
            Disposable.Composite owner) {
        if (delay <= 0) {
            return dispatch.run(task);
        }
        OneShot shot = new OneShot(task, dispatch, owner);
        if (owner != NO_OWNER && !owner.add(shot)) {
            // the worker was disposed: so is the task, which never runs
            shot.dispose();
            return shot;
        }
        shot.arm(wheel.newTimeout(shot, delay, unit));
        return shot;
    }

    private Disposable periodic(Runnable task, long initialDelay, long period, TimeUnit unit, Dispatch dispatch) {
        Periodic periodic = new Periodic(task, System.nanoTime() + unit.toNanos(Math.max(0, initialDelay)),
                unit.toNanos(period), dispatch);
        periodic.next();
        return periodic;
    }

    private static Timer newWheel() {
        // no leak detection: one wheel lives as long as the JVM, and Netty's sampling would report it
        return new HashedWheelTimer(new DefaultThreadFactory("healthmon-wheel", true), TICK_MILLIS,
                TimeUnit.MILLISECONDS, WHEEL_SIZE, false);
    }

    /** Hands a due task to where it runs; returns what cancels it there. */
    @FunctionalInterface
    private interface Dispatch {
        Disposable run(Runnable task);
    }

    /** A task that runs once: cancelled in the wheel before it is due, or where it runs after. */
    private static final class OneShot implements io.netty.util.TimerTask, Disposable {

        private static final Disposable DONE = Disposables.disposed();

        private final Runnable task;
        private final Dispatch dispatch;
        private final Disposable.Composite owner;
        // the timeout while in the wheel, then the runner's disposable; DONE once disposed
        private final AtomicReference<Object> stage = new AtomicReference<>();

        OneShot(Runnable task, Dispatch dispatch, Disposable.Composite owner) {
            this.task = task;
            this.dispatch = dispatch;
            this.owner = owner;
        }

        void arm(Timeout timeout) {
            if (!stage.compareAndSet(null, timeout)) {
                // disposed before it was armed
                timeout.cancel();
            }
        }

        @Override
        public void run(Timeout timeout) {
            Object armed = stage.get();
            if (armed == DONE) {
                return;
            }
            Disposable running = dispatch.run(task);
            if (!stage.compareAndSet(armed, running)) {
                running.dispose();
            }
            // the worker no longer needs to cancel it: the runner's own worker tracks the run
            if (owner != NO_OWNER) {
                owner.remove(this);
            }
        }

        @Override
        public void dispose() {
            Object previous = stage.getAndSet(DONE);
            if (previous instanceof Timeout timeout) {
                timeout.cancel();
            }
            else if (previous instanceof Disposable running && previous != DONE) {
                running.dispose();
            }
            if (previous != DONE && owner != NO_OWNER) {
                owner.remove(this);
            }
        }

        @Override
        public boolean isDisposed() {
            return stage.get() == DONE;
        }
    }

    /**
     * A task that runs at {@code first + k * period}, k = 0, 1, ..., at a fixed rate as a
     * {@code ScheduledThreadPoolExecutor} runs one: the next run enters the wheel when a run ends, so that two runs
     * never overlap, and a run that ends late is followed at once by the one it held up.
     */
    private final class Periodic implements io.netty.util.TimerTask, Disposable, Runnable {

        private final Runnable task;
        private final long period;
        private final Dispatch dispatch;
        // read and written by one run at a time
        private long due;
        private volatile boolean disposed;
        // the next run's timeout in the wheel, or the runner's disposable of the run that is due
        private volatile Object current = Disposables.disposed();

        Periodic(Runnable task, long first, long period, Dispatch dispatch) {
            this.task = task;
            this.due = first;
            this.period = period;
            this.dispatch = dispatch;
        }

        void next() {
            Timeout timeout = wheel.newTimeout(this, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
            current = timeout;
            if (disposed) {
                timeout.cancel();
            }
        }

        // on the wheel's thread: hand the run over
        @Override
        public void run(Timeout timeout) {
            if (disposed) {
                return;
            }
            Disposable running = dispatch.run(this);
            current = running;
            if (disposed) {
                running.dispose();
            }
        }

        // on the runner
        @Override
        public void run() {
            if (disposed) {
                return;
            }
            try {
                task.run();
            }
            finally {
                due += period;
                if (!disposed) {
                    next();
                }
            }
        }

        @Override
        public void dispose() {
            disposed = true;
            Object now = current;
            if (now instanceof Timeout timeout) {
                timeout.cancel();
            }
            else if (now instanceof Disposable running) {
                running.dispose();
            }
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }
    }

    /** A worker: its tasks wait in the wheel and run, in order, on one worker of the runner. */
    private final class WheelWorker implements Worker {

        private final Worker runs;
        private final Disposable.Composite tasks = Disposables.composite();

        WheelWorker(Worker runs) {
            this.runs = runs;
        }

        @Override
        public Disposable schedule(Runnable task) {
            return runs.schedule(task);
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            return once(task, delay, unit, runs::schedule, tasks);
        }

        @Override
        public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
            if (period <= 0) {
                return runs.schedulePeriodically(task, initialDelay, period, unit);
            }
            return tracked(periodic(task, initialDelay, period, unit, runs::schedule));
        }

        private Disposable tracked(Disposable task) {
            if (!tasks.add(task)) {
                task.dispose();
            }
            return task;
        }

        @Override
        public void dispose() {
            tasks.dispose();
            runs.dispose();
        }

        @Override
        public boolean isDisposed() {
            return tasks.isDisposed();
        }
    }

    private static final class Shared {
        static final WheelScheduler INSTANCE = new WheelScheduler(newWheel(), Schedulers.parallel());
    }
}
