package dev.healthmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.ConfigReloaded;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/** The outcome of a reload: the SSE {@code config} event, kept for replay, and the answer of the reload endpoint. */
class ConfigEventTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Instant AT = Instant.ofEpochSecond(1_764_000_200);
    private static final ConfigReloaded APPLIED = ConfigReloaded.applied("config/application.yml", List.of("db"),
            List.of("old"), List.of("api"), AT);
    private static final ConfigReloaded REJECTED = ConfigReloaded.rejected("config/application.yml",
            "monitor 'api': interval: non-positive interval 0s (expected: > 0)", "api", "interval", AT);

    private final MonitorRegistry registry = MonitorRegistry.create();

    @AfterEach
    void dispose() {
        registry.dispose();
    }

    @Test
    void aReloadIsAConfigEventOfTheStreamOfAllMonitorsAndIsReplayed() {
        EventHub hub = EventHub.create(List::of, 16, 16, 1_000, Schedulers.immediate());
        hub.publish(APPLIED);

        assertThat(StreamFilter.all(false).accepts(APPLIED)).isTrue();
        assertThat(StreamFilter.of("api", true).accepts(APPLIED)).isFalse();
        // a client that resumes from before it gets it again, with its id
        StepVerifier.create(hub.stream(StreamFilter.all(false), 1_000L))
                .assertNext(item -> assertThat(item).isEqualTo(new StreamItem.Event(1_001, APPLIED)))
                .then(hub::close)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void theEventSaysWhatWasAppliedOrWhyTheFileWasRejected() {
        JsonMapper json = JsonMapper.builder().build();

        assertThat(EventViews.name(APPLIED)).isEqualTo("config");
        assertThat(json.writeValueAsString(EventViews.of(APPLIED))).isEqualTo(
                "{\"action\":\"applied\",\"added\":[\"db\"],\"removed\":[\"old\"],\"changed\":[\"api\"],"
                        + "\"time\":1764000200}");
        assertThat(json.writeValueAsString(EventViews.of(REJECTED))).isEqualTo(
                "{\"action\":\"rejected\",\"error\":\"monitor 'api': interval: non-positive interval 0s "
                        + "(expected: > 0)\",\"monitor\":\"api\",\"field\":\"interval\",\"time\":1764000200}");
        ConfigReloaded unreadable = ConfigReloaded.rejected("config/application.yml", "not readable", null, null, AT);
        assertThat(json.writeValueAsString(EventViews.of(unreadable)))
                .isEqualTo("{\"action\":\"rejected\",\"error\":\"not readable\",\"time\":1764000200}");
    }

    @Test
    void theReloadEndpointAnswers200Or400BehindTheToken() {
        ConfigReloads[] next = {() -> Mono.just(APPLIED)};
        WebTestClient client = WebTestClient.bindToRouterFunction(routes(() -> next[0].reload())).build();

        client.post().uri("/api/v1/config/reload").exchange().expectStatus().isUnauthorized();
        client.post().uri("/api/v1/config/reload").header("Authorization", "Bearer s3cret")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.action").isEqualTo("applied")
                .jsonPath("$.added[0]").isEqualTo("db")
                .jsonPath("$.removed[0]").isEqualTo("old")
                .jsonPath("$.changed[0]").isEqualTo("api");
        next[0] = () -> Mono.just(REJECTED);
        client.post().uri("/api/v1/config/reload").header("Authorization", "Bearer s3cret")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.action").isEqualTo("rejected")
                .jsonPath("$.monitor").isEqualTo("api")
                .jsonPath("$.field").isEqualTo("interval");
    }

    @Test
    void theStreamEncodesItAsAConfigEvent() {
        EventHub hub = EventHub.create(List::of, 16, 16, 1_000, Schedulers.immediate());
        WebTestClient client = WebTestClient.bindToRouterFunction(ApiRoutes.create(new HealthHandler(registry),
                new StreamHandler(hub, registry, Duration.ofMinutes(1), Schedulers.parallel()),
                new MonitorHandler(new NoCommands()), (String) null)).build();
        hub.publish(new MonitorEvent.StatusChanged("api", HealthStatus.HEALTHY, HealthStatus.STARTING, "",
                Duration.ZERO, null, AT, 0));
        hub.publish(REJECTED);

        StepVerifier.create(client.get().uri("/api/v1/health/stream").header("Last-Event-ID", "1000")
                        .exchange()
                        .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() { })
                        .getResponseBody())
                .assertNext(event -> assertThat(event.event()).isEqualTo("status"))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("config");
                    assertThat(event.id()).isEqualTo("1002");
                    assertThat(event.data()).containsEntry("action", "rejected").containsEntry("field", "interval");
                })
                .thenCancel()
                .verify(WAIT);
    }

    private RouterFunction<ServerResponse> routes(ConfigReloads reloads) {
        EventHub hub = EventHub.create(List::of, 16, 16, 1_000, Schedulers.immediate());
        return ApiRoutes.create(new HealthHandler(registry),
                new StreamHandler(hub, registry, Duration.ofMinutes(1), Schedulers.parallel()),
                new MonitorHandler(new NoCommands()), new ConfigHandler(reloads), null, "s3cret");
    }

    private static final class NoCommands implements MonitorCommands {

        @Override
        public MonitorSnapshot create(Map<String, Object> written) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Replaced replace(String name, Map<String, Object> written) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Map<String, Object>> written(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean remove(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<MonitorSnapshot> restart(String name) {
            throw new UnsupportedOperationException();
        }
    }
}
