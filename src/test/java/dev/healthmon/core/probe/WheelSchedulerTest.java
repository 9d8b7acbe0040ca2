package dev.healthmon.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The timer wheel behind the monitors' ticks and timeouts, in real time: what waits in it runs after its delay,
 * never before, periodic tasks keep a fixed rate and never overlap, and what is disposed does not run.
 */
class WheelSchedulerTest {

    private final WheelScheduler wheel = WheelScheduler.create(Schedulers.parallel());

    @AfterEach
    void stop() {
        wheel.dispose();
    }

    @Test
    void anIntervalOnTheWheelTicksAtItsRateWithoutDrift() {
        long start = System.nanoTime();
        StepVerifier.create(Flux.interval(Duration.ofMillis(20), Duration.ofMillis(20), wheel).take(10))
                .expectNext(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // ten ticks of 20 ms: never early; a late tick is followed at the rate, not shifted
        assertThat(millis).isGreaterThanOrEqualTo(200);
    }

    @Test
    void aDelayedTaskRunsAfterItsDelayOnTheRunner() {
        long start = System.nanoTime();
        StepVerifier.create(Mono.delay(Duration.ofMillis(50), wheel).map(tick -> Thread.currentThread().getName()))
                .assertNext(thread -> assertThat(thread).startsWith("parallel-"))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void aTimeoutOnTheWheelGivesTheFallback() {
        StepVerifier.create(Mono.never().timeout(Duration.ofMillis(30), Mono.just("late"), wheel))
                .expectNext("late")
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aDisposedTaskNeverRuns() {
        AtomicInteger runs = new AtomicInteger();
        Disposable once = wheel.schedule(runs::incrementAndGet, 30, TimeUnit.MILLISECONDS);
        Disposable periodic = wheel.schedulePeriodically(runs::incrementAndGet, 30, 30, TimeUnit.MILLISECONDS);
        once.dispose();
        periodic.dispose();
        assertThat(once.isDisposed()).isTrue();
        assertThat(periodic.isDisposed()).isTrue();
        // a task that was due would have run within a few ticks of the wheel
        StepVerifier.create(Mono.delay(Duration.ofMillis(150), wheel)).expectNextCount(1).verifyComplete();
        assertThat(runs).hasValue(0);
    }

    @Test
    void aDisposedWorkerStopsItsPeriodicTask() {
        Scheduler.Worker worker = wheel.createWorker();
        AtomicInteger runs = new AtomicInteger();
        worker.schedulePeriodically(runs::incrementAndGet, 0, 10, TimeUnit.MILLISECONDS);
        StepVerifier.create(Mono.delay(Duration.ofMillis(100), wheel)).expectNextCount(1).verifyComplete();
        worker.dispose();
        int stopped = runs.get();
        assertThat(stopped).isPositive();
        StepVerifier.create(Mono.delay(Duration.ofMillis(100), wheel)).expectNextCount(1).verifyComplete();
        // one run may have been handed over as the worker was disposed
        assertThat(runs.get()).isLessThanOrEqualTo(stopped + 1);
        assertThat(worker.isDisposed()).isTrue();
    }

    @Test
    void aPeriodicTaskNeverOverlapsItself() {
        List<String> overlaps = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        Disposable periodic = wheel.schedulePeriodically(() -> {
            if (running.incrementAndGet() > 1) {
                overlaps.add(Thread.currentThread().getName());
            }
            // busy for longer than the period (no sleep: this is a parallel thread): the next run waits for this
            // one, then follows at once
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(15);
            long spins = 0;
            while (System.nanoTime() < until) {
                spins++;
            }
            runs.addAndGet(spins > 0 ? 1 : 1);
            running.decrementAndGet();
        }, 0, 5, TimeUnit.MILLISECONDS);
        StepVerifier.create(Mono.delay(Duration.ofMillis(200), wheel)).expectNextCount(1).verifyComplete();
        periodic.dispose();
        assertThat(overlaps).isEmpty();
        assertThat(runs.get()).isGreaterThan(1);
    }
}
