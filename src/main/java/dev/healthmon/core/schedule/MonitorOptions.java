package dev.healthmon.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

import dev.healthmon.core.probe.WheelScheduler;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * How monitors keep time: the scheduler for ticks, timeouts and clocks, and how the jitter delay is drawn.
 *
 * @param scheduler all timing goes through it; by default {@link WheelScheduler#shared()}: ticks and timeouts
 *         wait in a timer wheel and run on {@link Schedulers#parallel()}; a virtual-time scheduler in tests
 * @param jitter draws the delay before the periodic schedule from the longest jitter allowed; a uniform random
 *         draw by default
 * @param firstCheck draws the delay of a monitor's first check from its interval, when it starts (not when it
 *         restarts); none by default: the first check runs at once. {@link #spreadStart()} spreads the first checks
 *         of monitors that start together over their first interval
 */
public record MonitorOptions(Scheduler scheduler, UnaryOperator<Duration> jitter, UnaryOperator<Duration> firstCheck) {

    private static final UnaryOperator<Duration> AT_ONCE = interval -> Duration.ZERO;
    private static final MonitorOptions DEFAULTS = new MonitorOptions(WheelScheduler.shared(),
            MonitorOptions::uniform);

    public MonitorOptions {
        requireNonNull(scheduler, "scheduler");
        requireNonNull(jitter, "jitter");
        requireNonNull(firstCheck, "firstCheck");
    }

    /** Returns options whose first checks run at once. */
    public MonitorOptions(Scheduler scheduler, UnaryOperator<Duration> jitter) {
        this(scheduler, jitter, AT_ONCE);
    }

    /** Returns the production options: the shared timer wheel on the parallel scheduler and a uniform random jitter. */
    public static MonitorOptions defaults() {
        return DEFAULTS;
    }

    /** Returns options with {@code scheduler} and the default jitter. */
    public static MonitorOptions on(Scheduler scheduler) {
        return new MonitorOptions(scheduler, MonitorOptions::uniform);
    }

    /** Returns a copy whose jitter delay is always {@code delay}, capped at the longest jitter allowed. */
    public MonitorOptions withFixedJitter(Duration delay) {
        return new MonitorOptions(scheduler, longest -> delay.compareTo(longest) > 0 ? longest : delay, firstCheck);
    }

    /**
     * Returns a copy that spreads the first checks of monitors that start together uniformly over their first
     * interval, so that thousands of monitors starting at once do not check at the same instant (ports,
     * descriptors and the target's accept queue would run out): past the first 64 of a burst, a monitor that starts
     * within a second of the one before draws its first check's delay in {@code [0, interval)}; one that starts
     * alone, or among a few, still checks at once. The periodic schedule follows the first check as usual.
     */
    public MonitorOptions spreadStart() {
        return new MonitorOptions(scheduler, jitter, new StartSpread(scheduler));
    }

    /** Returns a copy whose first check always waits {@code delay}, capped below the interval. */
    public MonitorOptions withFirstCheckDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("first check delay: " + delay + " (expected: >= 0)");
        }
        return new MonitorOptions(scheduler, jitter, interval -> delay.compareTo(interval) < 0 ? delay
                : interval.minusNanos(1));
    }

    private static Duration uniform(Duration longest) {
        long nanos = longest.toNanos();
        return nanos <= 0 ? Duration.ZERO : Duration.ofNanos(ThreadLocalRandom.current().nextLong(nanos + 1));
    }
}
