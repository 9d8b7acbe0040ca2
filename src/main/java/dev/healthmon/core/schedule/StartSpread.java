package dev.healthmon.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import reactor.core.scheduler.Scheduler;

/**
 * Draws the delay of a monitor's first check: none for a monitor that starts alone or among the first
 * {@link #AT_ONCE} of a burst, uniform in {@code [0, interval)} for the others of a burst (each started within
 * {@link #TOGETHER} of the one before), so that
 * monitors that start together have their first checks, and so their whole schedules, spread over the interval.
 * Thread-safe; time is read from the scheduler.
 */
final class StartSpread implements UnaryOperator<Duration> {

    /** How close two starts must be to count as starting together. */
    static final Duration TOGETHER = Duration.ofSeconds(1);
    /** How many monitors of a burst still check at once: a handful never makes a storm. */
    static final int AT_ONCE = 64;

    private final Scheduler scheduler;
    private final AtomicLong lastStart = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger burst = new AtomicInteger();

    StartSpread(Scheduler scheduler) {
        this.scheduler = requireNonNull(scheduler, "scheduler");
    }

    @Override
    public Duration apply(Duration interval) {
        long now = scheduler.now(TimeUnit.MILLISECONDS);
        long previous = lastStart.getAndSet(now);
        if (previous == Long.MIN_VALUE || now - previous >= TOGETHER.toMillis()) {
            burst.set(1);
            return Duration.ZERO;
        }
        if (burst.incrementAndGet() <= AT_ONCE) {
            return Duration.ZERO;
        }
        long nanos = interval.toNanos();
        return nanos <= 1 ? Duration.ZERO : Duration.ofNanos(ThreadLocalRandom.current().nextLong(nanos));
    }
}
