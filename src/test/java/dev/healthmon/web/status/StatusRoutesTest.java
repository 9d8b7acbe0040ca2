package dev.healthmon.web.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSettings;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.web.EventHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The status page's reads carry the public monitors only, and of them only what they allow. */
class StatusRoutesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final HealthCheckConfig CLOSED = HealthCheckConfig.builder().group("Core").listedPublicly(true)
            .build();
    private static final HealthCheckConfig OPEN = HealthCheckConfig.builder().group("Core").listedPublicly(true)
            .set(MonitorSettings.PUBLIC_DETAIL, true).build();
    private static final HealthCheckConfig PRIVATE = HealthCheckConfig.builder().group("Core").build();

    private final List<MonitorSnapshot> monitors = List.of(
            snapshot("pub", HealthStatus.HEALTHY, CLOSED),
            snapshot("open", HealthStatus.UNHEALTHY, OPEN),
            snapshot("secret", HealthStatus.UNHEALTHY, PRIVATE));
    private final Function<String, Optional<HealthCheckConfig>> configs = name -> monitors.stream()
            .filter(m -> m.name().equals(name)).findFirst().map(MonitorSnapshot::config);
    private final EventHub hub = EventHub.create(() -> monitors, 16, 16, 0, Schedulers.immediate());
    private final StatusHandler handler = new StatusHandler(() -> monitors, configs, hub, null, null,
            Duration.ofMinutes(1), Schedulers.parallel(), Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    private final WebTestClient client = WebTestClient.bindToRouterFunction(RouterFunctions.route()
            .GET("/api/v1/status/stream", handler::stream)
            .GET("/api/v1/status", handler::status)
            .build()).build();

    @Test
    void thePageHasThePublicMonitorsOnlyAndTheirDetailOnlyWhenAllowed() {
        String body = client.get().uri("/api/v1/status").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(body).doesNotContain("secret").doesNotContain("hunter2").doesNotContain("token=");
        assertThat(body).isEqualTo("{\"overall\":\"partial\",\"summary\":\"Partial outage\",\"from\":0,\"days\":0,"
                + "\"monitors\":[{\"name\":\"open\",\"group\":\"Core\",\"status\":\"unhealthy\","
                + "\"detail\":\"seen open\",\"latency\":7,\"url\":\"http://127.0.0.1:8080/health\"},"
                + "{\"name\":\"pub\",\"group\":\"Core\",\"status\":\"healthy\"}],\"incidents\":[]}");
    }

    @Test
    void theStreamCarriesThePublicMonitorsStatusChangesOnly() {
        Flux<ServerSentEvent<Object>> events = client.get().uri("/api/v1/status/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<Object>>() {
                })
                .getResponseBody();

        StepVerifier.create(events.filter(event -> event.event() != null))
                .assertNext(snapshot -> {
                    assertThat(snapshot.event()).isEqualTo("snapshot");
                    assertThat(snapshot.data()).asString().contains("pub").contains("open").doesNotContain("secret");
                })
                .then(() -> {
                    hub.publish(changed("secret", HealthStatus.HEALTHY));
                    hub.publish(new MonitorEvent.Notification("pub", MonitorEvent.Notification.Kind.DOWN,
                            "http://127.0.0.1:8080", "d", NOW, null, Duration.ZERO, NOW));
                    hub.publish(changed("pub", HealthStatus.UNHEALTHY));
                    hub.publish(new MonitorEvent.Lifecycle("secret", MonitorEvent.Lifecycle.Action.REMOVED, "", NOW));
                })
                .assertNext(status -> {
                    assertThat(status.event()).isEqualTo("status");
                    assertThat(status.data()).isEqualTo(Map.of("name", "pub", "status", "unhealthy",
                            "time", (int) NOW.getEpochSecond()));
                })
                .assertNext(removed -> {
                    assertThat(removed.event()).isEqualTo("monitor");
                    assertThat(removed.data()).as("no name of a private monitor").isEqualTo(Map.of("action",
                            "changed"));
                })
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'',                                 unknown",
        "starting;stopped,                   unknown",
        "healthy;healthy,                    operational",
        "healthy;starting;unhealthy,         partial",
        "unhealthy;starting,                 major",
        "healthy;healthy;error,              partial",
        "healthy;unhealthy,                  partial",
        "healthy;unhealthy;error,            major",
    })
    void theBannerCountsOnlyMonitorsWithAResult(String statuses, String overall) {
        List<HealthStatus> list = statuses.isBlank() ? List.of()
                : java.util.Arrays.stream(statuses.split(";")).map(HealthStatus::parse).toList();
        assertThat(Overall.of(list)).hasToString(overall);
    }

    private static MonitorEvent changed(String name, HealthStatus status) {
        return new MonitorEvent.StatusChanged(name, status, HealthStatus.HEALTHY, "seen " + name,
                Duration.ofMillis(7), null, NOW, 1);
    }

    private static MonitorSnapshot snapshot(String name, HealthStatus status, HealthCheckConfig config) {
        return new MonitorSnapshot(name, status, NOW, Duration.ofSeconds(5), Duration.ofMillis(7), NOW, "seen " + name,
                URI.create("http://admin:hunter2@127.0.0.1:8080/health?token=abc"), 0, config);
    }
}
