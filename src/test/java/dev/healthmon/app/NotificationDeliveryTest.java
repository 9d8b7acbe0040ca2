package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.Notification;
import dev.healthmon.notify.Notifier;
import dev.healthmon.notify.Outbox;
import dev.healthmon.notify.ProviderConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/** A reload rebuilds only the providers it changes; each provider delivers at a real local receiver. */
class NotificationDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Sinks.Many<String> received = Sinks.many().replay().all();
    private final Sinks.Many<MonitorEvent> events = Sinks.many().multicast().directBestEffort();
    private final List<String> created = new CopyOnWriteArrayList<>();
    private DisposableServer receiver;
    private Disposable delivery;

    @BeforeEach
    void listen() {
        receiver = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> request.receive().aggregate().asString()
                        // two providers' requests arrive on two event loops at once: a plain tryEmitNext would
                        // drop one of them (FAIL_NON_SERIALIZED), and the test would wait for it in vain
                        .doOnNext(body -> received.emitNext(request.uri() + " " + kind(body),
                                Sinks.EmitFailureHandler.busyLooping(WAIT)))
                        .then(response.status(200).send()))
                .bindNow();
    }

    @AfterEach
    void stop() {
        if (delivery != null) {
            delivery.dispose();
        }
        receiver.disposeNow();
    }

    @Test
    void aReloadKeepsUnchangedProvidersStartsNewOnesAndRetiresTheRest() {
        NotificationDelivery notifications = delivery(List.of(webhook("a", "/a")));
        delivery = notifications.subscribe(events.asFlux());
        Flux<String> arrivals = received.asFlux();

        emit(down("m1"));
        StepVerifier.create(arrivals.take(1)).expectNext("/a down").expectComplete().verify(WAIT);

        notifications.reconfigure(written(webhook("a", "/a"), webhook("b", "/b")),
                configs(webhook("a", "/a"), webhook("b", "/b")));
        assertThat(created).containsExactly("a resend", "b resend");   // a untouched, b started
        assertThat(notifications.providers()).containsExactly("a", "b");
        emit(up("m1"));
        StepVerifier.create(arrivals.skip(1).take(2))
                .expectNextMatches(arrival -> arrival.endsWith(" up"))
                .expectNextMatches(arrival -> arrival.endsWith(" up"))
                .expectComplete()
                .verify(WAIT);

        notifications.reconfigure(written(webhook("a", "/a2")), configs(webhook("a", "/a2")));
        // a changed: started anew without re-sending what the one before still holds; b retired
        assertThat(created).containsExactly("a resend", "b resend", "a keeps pending");
        assertThat(notifications.providers()).containsExactly("a");
        emit(down("m2"));
        StepVerifier.create(arrivals.skip(3).take(1)).expectNext("/a2 down").expectComplete().verify(WAIT);
        StepVerifier.create(arrivals.skip(4)).expectSubscription().expectNoEvent(Duration.ofMillis(500)).thenCancel().verify(WAIT);
        assertThat(received.asFlux().take(4).collectList().block(WAIT))
                .containsExactlyInAnyOrder("/a down", "/a up", "/b up", "/a2 down");
    }

    @Test
    void anOutboxWithoutResendKeepsAndAcknowledgesButHasNothingPending() {
        List<String> calls = new ArrayList<>();
        Outbox.Key key = new Outbox.Key("m", "1", Notification.Kind.DOWN);
        Outbox kept = new Outbox() {
            @Override
            public Mono<Boolean> enqueue(Key k, String provider, String payload) {
                calls.add("enqueue " + provider);
                return Mono.just(true);
            }

            @Override
            public Mono<Boolean> acknowledge(Key k, String provider) {
                calls.add("acknowledge " + provider);
                return Mono.just(true);
            }

            @Override
            public Flux<Pending> pending() {
                return Flux.just(new Pending(key, "a", "{}"));
            }
        };
        Outbox fresh = NotificationDelivery.withoutResend(kept);

        StepVerifier.create(fresh.pending()).expectComplete().verify(WAIT);
        StepVerifier.create(fresh.enqueue(key, "a", "{}")).expectNext(true).expectComplete().verify(WAIT);
        StepVerifier.create(fresh.acknowledge(key, "a")).expectNext(true).expectComplete().verify(WAIT);
        assertThat(calls).containsExactly("enqueue a", "acknowledge a");
    }

    private NotificationDelivery delivery(List<Map<String, Object>> providers) {
        return new NotificationDelivery(providers, configs(providers.toArray(Map[]::new)), (provider, resend) -> {
            created.add(provider.name() + (resend ? " resend" : " keeps pending"));
            return Notifier.builder(List.of(provider), monitor -> Set.of(), new SimpleMeterRegistry()).build();
        });
    }

    private Map<String, Object> webhook(String name, String path) {
        return Map.of("name", name, "provider", "webhook", "url", "http://127.0.0.1:" + receiver.port() + path,
                "retries", 0);
    }

    @SafeVarargs
    private static List<Map<String, Object>> written(Map<String, Object>... providers) {
        return List.of(providers);
    }

    @SafeVarargs
    private static List<ProviderConfig> configs(Map<String, Object>... providers) {
        return Arrays.stream(providers)
                .map(settings -> ProviderConfig.of((String) settings.get("name"), settings))
                .toList();
    }

    private void emit(MonitorEvent event) {
        assertThat(events.tryEmitNext(event).isSuccess()).isTrue();
    }

    private static Notification down(String monitor) {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        return new Notification(monitor, Notification.Kind.DOWN, "tcp://127.0.0.1:1", "refused", at, null,
                Duration.ZERO);
    }

    private static Notification up(String monitor) {
        Instant at = Instant.parse("2026-12-01T10:05:00Z");
        return new Notification(monitor, Notification.Kind.UP, "tcp://127.0.0.1:1", "connected", at, at,
                Duration.ofMillis(3), Instant.parse("2026-12-01T10:00:00Z"));
    }

    private static String kind(String body) {
        return body.contains("went down") ? "down" : body.contains("is up") ? "up" : "other";
    }
}
