package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service's limits over the API (DESIGN section 13): each a 400 naming the field (or a 503 for streams), and
 * never a half-added monitor or a replaced one that stopped.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.location=classpath:/application.yml,classpath:/e2e.yml",
                "healthmon.defaults.interval=1s", "healthmon.limits.minInterval=1s", "healthmon.limits.maxMonitors=3",
                "healthmon.limits.maxSseClients=2"})
class LimitsApiTest {

    private static final LocalTarget TARGET = LocalTarget.start();

    @LocalServerPort
    int port;

    @Autowired
    MonitorRegistry registry;

    WebTestClient client;

    @DynamicPropertySource
    static void monitors(DynamicPropertyRegistry properties) {
        properties.add("healthmon.monitors[0].name", () -> "db");
        properties.add("healthmon.monitors[0].url", TARGET::url);
    }

    @AfterAll
    static void stopTarget() {
        TARGET.close();
    }

    @BeforeEach
    void connect() {
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @ParameterizedTest(name = "{0}={1} -> 400")
    @CsvSource({"interval, PT2562048H", "interval, 99999999999d", "interval, 1ns", "timeout, PT2562048H",
            "jitter, 99999999999999999999", "interval, 500ms", "timeout, 366d"})
    void overflowingOrOutOfRangeDurationsAre400AndAddNothing(String field, String value) {
        client.post().uri("/api/v1/monitors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "huge", "url", TARGET.url(), field, value))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo(field);
        assertThat(registry.get("huge")).isEmpty();
    }

    @Test
    void aReplaceThatFailsLeavesTheOldMonitorRunning() {
        // a monitor of the API: one of the config file cannot be replaced through the API at all (409)
        client.post().uri("/api/v1/monitors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "kept", "url", TARGET.url()))
                .exchange()
                .expectStatus().isCreated();
        try {
            HealthMonitor before = registry.get("kept").orElseThrow();
            Instant started = before.snapshot().started();
            for (String interval : new String[] {"PT2562048H", "99999999999d", "1ns", "soon"}) {
                client.put().uri("/api/v1/monitors/kept").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("url", TARGET.url(), "interval", interval))
                        .exchange()
                        .expectStatus().isBadRequest()
                        .expectBody().jsonPath("$.field").isEqualTo("interval");
            }
            client.put().uri("/api/v1/monitors/kept").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("url", "gopher://127.0.0.1:1"))
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.field").isEqualTo("url");
            HealthMonitor after = registry.get("kept").orElseThrow();
            assertThat(after).isSameAs(before);
            assertThat(after.snapshot().started()).isEqualTo(started);
            assertThat(after.task()).isNotNull();
            assertThat(after.task().isFinished()).isFalse();
        }
        finally {
            client.delete().uri("/api/v1/monitors/kept").header("Content-Type", "application/json").exchange()
                    .expectStatus().isNoContent();
        }
        HealthMonitor file = registry.get("db").orElseThrow();
        client.put().uri("/api/v1/monitors/db").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", TARGET.url(), "interval", "2s"))
                .exchange()
                .expectStatus().isEqualTo(409);
        assertThat(registry.get("db")).containsSame(file);
        assertThat(file.task().isFinished()).isFalse();
    }

    @Test
    void atMostMaxMonitorsRun() {
        try {
            for (String name : new String[] {"two", "three"}) {
                client.post().uri("/api/v1/monitors").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("name", name, "url", TARGET.url()))
                        .exchange()
                        .expectStatus().isCreated();
            }
            client.post().uri("/api/v1/monitors").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("name", "four", "url", TARGET.url()))
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.field").isEqualTo("limits.maxMonitors");
            client.put().uri("/api/v1/monitors/four").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("url", TARGET.url()))
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.field").isEqualTo("limits.maxMonitors");
            // replacing one that runs needs no room
            client.put().uri("/api/v1/monitors/three").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("url", TARGET.url(), "interval", "2s"))
                    .exchange()
                    .expectStatus().isOk();
            assertThat(registry.monitors()).hasSize(3);
            assertThat(registry.get("four")).isEmpty();
        }
        finally {
            for (String name : new String[] {"two", "three"}) {
                client.delete().uri("/api/v1/monitors/" + name).header("Content-Type", "application/json")
                        .exchange();
            }
        }
    }

    @Test
    void streamIsAReservedName() {
        client.put().uri("/api/v1/monitors/stream").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", TARGET.url()))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("name");
        assertThat(registry.get("stream")).isEmpty();
    }

    @Test
    void streamsBeyondMaxSseClientsAre503() throws IOException {
        try (SseConnection first = SseConnection.open(port, "/api/v1/health/stream", Map.of());
                SseConnection second = SseConnection.open(port, "/api/v1/health/db/stream", Map.of())) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            client.get().uri("/api/v1/health/stream")
                    .exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists("Retry-After")
                    .expectBody().jsonPath("$.error").value(String.class,
                            error -> assertThat(error).contains("healthmon.limits.maxSseClients"));
        }
        // the places are given back when the streams end
        Duration wait = Duration.ofSeconds(10);
        long deadline = System.nanoTime() + wait.toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            try (SseConnection again = SseConnection.open(port, "/api/v1/health/stream", Map.of())) {
                status = again.status();
            }
            if (status == 200) {
                break;
            }
        }
        assertThat(status).isEqualTo(200);
    }
}
