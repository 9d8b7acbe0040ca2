package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.channel;
import static dev.healthmon.notify.Fixtures.count;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.Fixtures.up;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.Notification;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.core.schedule.MonitorTask;
import dev.healthmon.core.schedule.Monitors;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class DeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void resetVirtualTime() {
        VirtualTimeScheduler.reset();
    }

    @Test
    void serverErrorsAreRetriedUntilTheMessageIsDeliveredOnce() {
        try (Receiver receiver = Receiver.scripted(n -> Receiver.Reply.of(n <= 2 ? 500 : 200))) {
            ProviderChannel channel = channel(config(receiver.url(), "retries", 3, "backoff", "10ms"),
                    Schedulers.parallel(), meters);

            StepVerifier.create(channel.deliver(Job.first(down())))
                    .expectNext(Result.DELIVERED)
                    .expectComplete()
                    .verify(WAIT);

            assertThat(receiver.count()).isEqualTo(3);
            assertThat(receiver.await(3)).extracting(Receiver.Request::body).containsOnly(receiver.first().body());
            assertThat(count(meters, "hook", "delivered")).isEqualTo(1);
            assertThat(count(meters, "hook", "failed")).isZero();
            assertThat(meters.get(DeliveryLog.TIMER).tag("provider", "hook").tag("result", "delivered").timer()
                    .count()).isEqualTo(1);
        }
    }

    @Test
    void retriesStopAtTheConfiguredNumber() {
        try (Receiver receiver = Receiver.answering(503)) {
            ProviderChannel channel = channel(config(receiver.url(), "retries", 2, "backoff", "10ms"),
                    Schedulers.parallel(), meters);

            StepVerifier.create(channel.deliver(Job.first(down())))
                    .expectNext(Result.FAILED)
                    .expectComplete()
                    .verify(WAIT);

            assertThat(receiver.count()).isEqualTo(3);
            assertThat(count(meters, "hook", "failed")).isEqualTo(1);
        }
    }

    @Test
    void badRequestIsNotRetried() {
        try (Receiver receiver = Receiver.answering(400)) {
            ProviderChannel channel = channel(config(receiver.url(), "retries", 3, "backoff", "10ms"),
                    Schedulers.parallel(), meters);

            StepVerifier.create(channel.deliver(Job.first(down())))
                    .expectNext(Result.FAILED)
                    .expectComplete()
                    .verify(WAIT);

            assertThat(receiver.count()).isEqualTo(1);
            assertThat(count(meters, "hook", "failed")).isEqualTo(1);
            assertThat(channel.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
        }
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheDelayTheProviderAskedFor() {
        WatchedVirtualTime time = new WatchedVirtualTime();
        try (Receiver receiver = Receiver.scripted(n -> n == 1
                ? Receiver.Reply.of(429, Map.of("Retry-After", "30")) : Receiver.Reply.of(200))) {
            ProviderChannel channel = channel(config(receiver.url(), "retries", 3, "backoff", "1s"), time, meters);

            StepVerifier.withVirtualTime(() -> channel.deliver(Job.first(down())), () -> time, Long.MAX_VALUE)
                    .expectSubscription()
                    .then(() -> time.awaitDelay(Duration.ofSeconds(30)))
                    .expectNoEvent(Duration.ofSeconds(29))
                    .then(() -> assertThat(receiver.count()).isEqualTo(1))
                    .thenAwait(Duration.ofSeconds(1))
                    .expectNext(Result.DELIVERED)
                    .expectComplete()
                    .verify(WAIT);

            assertThat(receiver.count()).isEqualTo(2);
        }
    }

    @Test
    void retryAfterIsBoundedByTheMaximum() {
        WatchedVirtualTime time = new WatchedVirtualTime();
        try (Receiver receiver = Receiver.scripted(n -> n == 1
                ? Receiver.Reply.of(503, Map.of("Retry-After", "86400")) : Receiver.Reply.of(200))) {
            ProviderChannel channel = channel(config(receiver.url(), "maxRetryAfter", "2m"), time, meters);

            StepVerifier.withVirtualTime(() -> channel.deliver(Job.first(down())), () -> time, Long.MAX_VALUE)
                    .expectSubscription()
                    .then(() -> time.awaitDelay(Duration.ofMinutes(2)))
                    .thenAwait(Duration.ofMinutes(2))
                    .expectNext(Result.DELIVERED)
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @Test
    void silentReceiverIsBoundedByTheTimeoutAndTheAttemptIsCancelled() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        try (Receiver receiver = Receiver.silent()) {
            ProviderChannel channel = channel(config(receiver.url(), "timeout", "5s", "retries", 0), time, meters);

            StepVerifier.withVirtualTime(() -> channel.deliver(Job.first(down())), () -> time, Long.MAX_VALUE)
                    .expectSubscription()
                    .then(receiver::first)
                    .expectNoEvent(Duration.ofMillis(4999))
                    .thenAwait(Duration.ofMillis(1))
                    .expectNext(Result.FAILED)
                    .expectComplete()
                    .verify(WAIT);

            assertThat(receiver.awaitCancelled()).isEqualTo(1);
            assertThat(count(meters, "hook", "failed")).isEqualTo(1);
        }
    }

    @Test
    void deadProviderOpensTheCircuitAndIsProbedAgainLater() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        try (Receiver receiver = Receiver.scripted(n -> Receiver.Reply.of(n <= 5 ? 503 : 200))) {
            ProviderChannel channel = channel(config(receiver.url(), "retries", 0, "breakerWait", "1m"), time, meters);

            for (int i = 0; i < 5; i++) {
                expect(channel, down(), Result.FAILED);
            }
            assertThat(channel.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

            expect(channel, down(), Result.REJECTED);
            time.advanceTimeBy(Duration.ofSeconds(59));
            expect(channel, down(), Result.REJECTED);
            assertThat(receiver.count()).isEqualTo(5);

            time.advanceTimeBy(Duration.ofMillis(1001));
            expect(channel, up(), Result.DELIVERED);
            assertThat(receiver.count()).isEqualTo(6);
            assertThat(channel.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(count(meters, "hook", "failed")).isEqualTo(5);
            assertThat(count(meters, "hook", "rejected")).isEqualTo(2);
            assertThat(count(meters, "hook", "delivered")).isEqualTo(1);
        }
    }

    @Test
    void refusedConnectionsAreRetriedThenFail() {
        ProviderChannel channel = channel(config(Receiver.refused(), "retries", 2, "backoff", "10ms"),
                Schedulers.parallel(), meters);

        expect(channel, down(), Result.FAILED);

        assertThat(channel.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(3);
    }

    @Test
    void deadProviderOpensItsCircuitWhileAnotherReceivesEveryMessageAndMonitorsKeepTheirSchedule() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        MonitorRegistry registry = MonitorRegistry.create(MonitorTask.root("test"), time);
        AtomicInteger checks = new AtomicInteger();
        Probe flapping = url -> Mono.fromSupplier(() -> checks.incrementAndGet() % 2 == 1
                ? HealthCheckResult.unhealthy("HTTP 503 Service Unavailable")
                : HealthCheckResult.healthy(Duration.ofMillis(12)));
        HealthMonitor monitor = Monitors.of("api", HealthCheckConfig.builder()
                .interval(Duration.ofSeconds(1))
                .retries(-1)
                .build(), URI.create("http://localhost:8080"), flapping,
                MonitorOptions.on(time).withFixedJitter(Duration.ZERO));
        try (Receiver live = Receiver.answering(200)) {
            Notifier notifier = notifier(
                    ProviderConfig.of("dead", settings("webhook", Receiver.refused(), "retries", 0, "concurrency", 1)),
                    ProviderConfig.of("live", settings("webhook", live.url())));

            StepVerifier.create(notifier.run(registry.events()))
                    .then(() -> registry.add(monitor))
                    .then(() -> {
                        assertThat(checks).hasValue(1);
                        for (int second = 1; second <= 20; second++) {
                            time.advanceTimeBy(Duration.ofSeconds(1));
                            assertThat(checks).hasValue(second + 1);
                        }
                    })
                    .then(() -> live.await(21))
                    .then(registry::dispose)
                    .expectComplete()
                    .verify(WAIT);

            // up to four deliveries are in flight at once, so they may arrive in any order
            assertThat(live.await(21)).filteredOn(request -> request.body().contains("❌ Service went down ❌"))
                    .hasSize(11);
            assertThat(live.await(21)).filteredOn(request -> request.body().contains("✅ Service is up ✅"))
                    .hasSize(10);
            assertThat(count(meters, "live", "delivered")).isEqualTo(21);
            assertThat(count(meters, "dead", "failed")).isEqualTo(5);
            assertThat(count(meters, "dead", "rejected")).isEqualTo(16);
            assertThat(notifier.channels().get(0).circuitBreaker().getState().toString()).isEqualTo("OPEN");
        }
    }

    @Test
    void fullQueueDropsTheOldestWithoutSlowingAnotherProvider() {
        List<MonitorEvent> events = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            events.add(i % 2 == 0 ? down() : up());
        }
        try (Receiver stuck = Receiver.silent(); Receiver live = Receiver.answering(200)) {
            Notifier notifier = notifier(
                    ProviderConfig.of("stuck", settings("webhook", stuck.url(), "queue", 2, "concurrency", 1,
                            "timeout", "1h")),
                    ProviderConfig.of("live", settings("webhook", live.url())));

            StepVerifier.create(notifier.run(Flux.fromIterable(events)))
                    .then(() -> assertThat(live.await(21)).hasSize(21))
                    .then(stuck::first)
                    .thenCancel()
                    .verify(WAIT);

            assertThat(count(meters, "stuck", "dropped")).isEqualTo(18);
            assertThat(stuck.awaitCancelled()).isEqualTo(1);
            assertThat(stuck.count()).isEqualTo(1);
        }
    }

    @Test
    void backoffGrowsExponentiallyWithJitter() {
        WatchedVirtualTime time = new WatchedVirtualTime();
        try (Receiver receiver = Receiver.scripted(n -> Receiver.Reply.of(n <= 3 ? 503 : 200))) {
            ProviderChannel channel = channel(config(receiver.url(), "retries", 3, "backoff", "1s", "timeout", "1h"),
                    time, meters);

            StepVerifier.withVirtualTime(() -> channel.deliver(Job.first(down())), () -> time, Long.MAX_VALUE)
                    .expectSubscription()
                    .then(() -> {
                        for (int retry = 1; retry <= 3; retry++) {
                            Duration delay = time.awaitDelayShorterThan(Duration.ofHours(1), retry);
                            long base = 1000L << (retry - 1);
                            assertThat(delay.toMillis()).isBetween(base / 2, base * 3 / 2);
                            time.advanceTimeBy(delay);
                        }
                    })
                    .expectNext(Result.DELIVERED)
                    .expectComplete()
                    .verify(WAIT);

            assertThat(receiver.count()).isEqualTo(4);
        }
    }

    private Notifier notifier(ProviderConfig... providers) {
        return Notifier.builder(List.of(providers), monitor -> Set.of(), meters).zone(Fixtures.UTC).build();
    }

    private static void expect(ProviderChannel channel, Notification notification, Result result) {
        StepVerifier.create(channel.deliver(Job.first(notification)))
                .expectNext(result)
                .expectComplete()
                .verify(WAIT);
    }

    private static ProviderConfig config(URI url, Object... keyValues) {
        return ProviderConfig.of("hook", settings("webhook", url, keyValues));
    }
}
