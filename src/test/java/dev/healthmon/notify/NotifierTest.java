package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.UTC;
import static dev.healthmon.notify.Fixtures.count;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.Fixtures.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.core.schedule.MonitorTask;
import dev.healthmon.core.schedule.Monitors;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Isolation between providers, bounded queues and the notifier's lifecycle, end to end. */
class NotifierTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final MeterRegistry meters = new SimpleMeterRegistry();

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
    void disposingStopsDeliveryAndCancelsTheAttemptInFlight() {
        Sinks.Many<MonitorEvent> events = Sinks.many().multicast().directBestEffort();
        try (Receiver stuck = Receiver.silent()) {
            Notifier notifier = notifier(ProviderConfig.of("stuck", settings("ntfy", stuck.url(), "topic", "t")));

            Disposable delivery = notifier.subscribe(events.asFlux());
            events.tryEmitNext(down());
            stuck.first();
            delivery.dispose();

            assertThat(stuck.awaitCancelled()).isEqualTo(1);
            assertThat(events.currentSubscriberCount()).isZero();
        }
    }

    @Test
    void routesPickProvidersAndAnEmptyRouteMeansAll() {
        try (Receiver a = Receiver.answering(200); Receiver b = Receiver.answering(200)) {
            Notifier notifier = Notifier.builder(List.of(
                            ProviderConfig.of("a", settings("webhook", a.url())),
                            ProviderConfig.of("b", settings("webhook", b.url()))),
                            monitor -> switch (monitor) {
                                case "api" -> Set.of("a");
                                case "lost" -> Set.of("nowhere");
                                default -> Set.of();
                            }, meters)
                    .zone(UTC)
                    .build();

            StepVerifier.create(notifier.run(Flux.just(down("api"), down("db"), down("lost"), up("api"))))
                    .expectComplete()
                    .verify(WAIT);

            assertThat(a.count()).isEqualTo(3);
            assertThat(b.count()).isEqualTo(1);
            assertThat(b.first().body()).contains("\"value\":\"db\"");
            assertThat(count(meters, "a", "delivered")).isEqualTo(3);
            assertThat(meters.find(DeliveryLog.COUNTER).tag("monitor", "lost").counters()).isEmpty();
        }
    }

    @Test
    void duplicateProviderNamesAreAConfigError() {
        ProviderConfig one = ProviderConfig.of("chat", settings("discord", "http://127.0.0.1:1/a"));
        ProviderConfig two = ProviderConfig.of("chat", settings("slack", "http://127.0.0.1:1/b"));

        assertThatThrownBy(() -> Notifier.create(List.of(one, two), monitor -> Set.of(), meters))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.chat.name");
                    assertThat(e.problem()).isEqualTo("duplicate provider name 'chat'");
                });
    }

    private Notifier notifier(ProviderConfig... providers) {
        Notifier notifier = Notifier.builder(List.of(providers), monitor -> Set.of(), meters).zone(UTC).build();
        assertThat(notifier.providers()).hasSize(providers.length);
        return notifier;
    }
}
