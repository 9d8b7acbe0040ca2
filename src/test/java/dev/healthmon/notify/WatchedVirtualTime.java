package dev.healthmon.notify;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A virtual-time scheduler that also tells when a delayed task is scheduled, so a test can advance time only
 * after a delay that starts on a network thread (a retry after an HTTP answer) is really in place.
 */
final class WatchedVirtualTime extends VirtualTimeScheduler {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Sinks.Many<Duration> delays = Sinks.many().replay().all();

    WatchedVirtualTime() {
        super(false);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        Disposable scheduled = super.schedule(task, delay, unit);
        delays.emitNext(Duration.ofNanos(unit.toNanos(delay)), Sinks.EmitFailureHandler.busyLooping(WAIT));
        return scheduled;
    }

    /**
     * Waits at most 10 seconds for the {@code n}-th (from 1) task delayed by less than {@code bound} and returns its
     * delay.
     */
    Duration awaitDelayShorterThan(Duration bound, int n) {
        return delays.asFlux().filter(delay -> delay.compareTo(bound) < 0).skip(n - 1L).blockFirst(WAIT);
    }

    /** Waits at most 10 seconds until the {@code n}-th (from 1) task delayed by exactly {@code delay} is scheduled. */
    void awaitDelay(Duration delay, int n) {
        delays.asFlux().filter(delay::equals).skip(n - 1L).blockFirst(WAIT);
    }

    /** Waits at most 10 seconds until a task delayed by exactly {@code delay} has been scheduled. */
    void awaitDelay(Duration delay) {
        delays.asFlux().filter(delay::equals).blockFirst(WAIT);
    }
}
