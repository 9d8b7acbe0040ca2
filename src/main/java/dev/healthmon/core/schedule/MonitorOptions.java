package dev.healthmon.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * How monitors keep time: the scheduler for ticks, timeouts and clocks, and how the jitter delay is drawn.
 *
 * @param scheduler all timing goes through it; {@link Schedulers#parallel()} by default, a virtual-time
 *         scheduler in tests
 * @param jitter draws the delay before the periodic schedule from the longest jitter allowed; a uniform random
 *         draw by default
 */
public record MonitorOptions(Scheduler scheduler, UnaryOperator<Duration> jitter) {

    private static final MonitorOptions DEFAULTS = new MonitorOptions(Schedulers.parallel(),
            MonitorOptions::uniform);

    public MonitorOptions {
        requireNonNull(scheduler, "scheduler");
        requireNonNull(jitter, "jitter");
    }

    /** Returns the production options: the parallel scheduler and a uniform random jitter. */
    public static MonitorOptions defaults() {
        return DEFAULTS;
    }

    /** Returns options with {@code scheduler} and the default jitter. */
    public static MonitorOptions on(Scheduler scheduler) {
        return new MonitorOptions(scheduler, MonitorOptions::uniform);
    }

    /** Returns a copy whose jitter delay is always {@code delay}, capped at the longest jitter allowed. */
    public MonitorOptions withFixedJitter(Duration delay) {
        return new MonitorOptions(scheduler, longest -> delay.compareTo(longest) > 0 ? longest : delay);
    }

    private static Duration uniform(Duration longest) {
        long nanos = longest.toNanos();
        return nanos <= 0 ? Duration.ZERO : Duration.ofNanos(ThreadLocalRandom.current().nextLong(nanos + 1));
    }
}
