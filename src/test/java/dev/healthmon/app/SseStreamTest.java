package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.web.EventHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The SSE stream of DESIGN section 7, read as raw {@code text/event-stream} text over a real socket. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.location=classpath:/application.yml,classpath:/e2e.yml")
class SseStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final LocalTarget WEB = LocalTarget.start();
    private static final LocalTarget DB = LocalTarget.start();

    @LocalServerPort
    int port;

    @Autowired
    MonitorRegistry registry;

    @Autowired
    EventHub hub;

    @DynamicPropertySource
    static void monitors(DynamicPropertyRegistry properties) {
        properties.add("healthmon.monitors[0].name", () -> "web");
        properties.add("healthmon.monitors[0].url", WEB::url);
        properties.add("healthmon.monitors[1].name", () -> "db");
        properties.add("healthmon.monitors[1].url", DB::url);
    }

    @AfterEach
    void targetsUp() {
        WEB.up();
        DB.up();
        Awaits.status(registry, "web", HealthStatus.HEALTHY, WAIT);
    }

    @AfterAll
    static void stopTargets() {
        WEB.close();
        DB.close();
    }

    @Test
    void snapshotFirstThenStatusAndNotificationAsATargetGoesDownAndUp() throws IOException {
        Awaits.status(registry, "web", HealthStatus.HEALTHY, WAIT);
        try (SseConnection sse = SseConnection.open(port, "/api/v1/health/stream", Map.of())) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(MediaType.parseMediaType(sse.headers().get("content-type"))
                    .isCompatibleWith(MediaType.TEXT_EVENT_STREAM)).isTrue();
            List<SseConnection.Block> events = new ArrayList<>();
            SseConnection.Block snapshot = sse.nextEvent(WAIT);
            events.add(snapshot);
            assertThat(snapshot.event()).isEqualTo("snapshot");
            JsonNode monitors = JSON.readTree(snapshot.data());
            assertThat(monitors.isArray()).isTrue();
            assertThat(monitors.findValuesAsString("name")).containsExactly("db", "web");
            assertThat(monitors.get(1).get("status").asString()).isEqualTo("healthy");
            assertThat(monitors.get(1).get("config").get("interval").asString()).isEqualTo("100ms");

            WEB.down();
            SseConnection.Block down = collectUntil(sse, events, "status", "web", "unhealthy");
            JsonNode status = JSON.readTree(down.data());
            assertThat(status.get("previous").asString()).isEqualTo("healthy");
            assertThat(status.get("detail").asString()).contains("refused");
            assertThat(status.get("consecutiveFailures").asInt()).isEqualTo(1);
            assertThat(status.get("lastSeen").asLong()).isPositive();
            assertThat(status.get("time").asLong()).isBetween(status.get("lastSeen").asLong(),
                    System.currentTimeMillis() / 1000 + 1);
            assertThat(status.has("latency")).isTrue();
            JsonNode notification = JSON.readTree(collectUntil(sse, events, "notification", "web", null).data());
            assertThat(notification.get("kind").asString()).isEqualTo("down");
            assertThat(notification.get("title").asString()).isEqualTo("❌ Service went down ❌");
            assertThat(notification.get("lastSeen").asLong()).isEqualTo(status.get("lastSeen").asLong());

            WEB.up();
            collectUntil(sse, events, "status", "web", "healthy");
            JsonNode up = JSON.readTree(collectUntil(sse, events, "notification", "web", null).data());
            assertThat(up.get("kind").asString()).isEqualTo("up");
            assertThat(up.get("title").asString()).isEqualTo("✅ Service is up ✅");
            assertThat(up.has("latency")).isTrue();

            assertStrictlyIncreasingIds(events);
            assertThat(events).extracting(SseConnection.Block::event).doesNotContain("check");
            assertThat(sse.raw()).contains("id:" + snapshot.id() + "\n").contains("event:snapshot\n");
        }
    }

    @Test
    void heartbeatCommentKeepsAQuietStreamAlive() throws IOException {
        try (SseConnection sse = SseConnection.open(port, "/api/v1/health/db/stream", Map.of())) {
            assertThat(sse.nextEvent(WAIT).event()).isEqualTo("snapshot");
            SseConnection.Block comment = sse.next(WAIT);
            for (int i = 0; i < 20 && comment.event() != null; i++) {
                comment = sse.next(WAIT);
            }
            assertThat(comment.comment()).isEqualTo("heartbeat");
            assertThat(comment.id()).isNull();
            assertThat(sse.raw()).contains("\n:heartbeat\n\n");
        }
    }

    @Test
    void checksTrueAddsEveryCheckResult() throws IOException {
        try (SseConnection sse = SseConnection.open(port, "/api/v1/health/stream?checks=true", Map.of())) {
            assertThat(sse.nextEvent(WAIT).event()).isEqualTo("snapshot");
            JsonNode check = JSON.readTree(sse.nextEvent("check", WAIT).data());
            assertThat(check.get("outcome").asString()).isEqualTo("pass");
            assertThat(check.get("status").asString()).isEqualTo("healthy");
            assertThat(check.get("name").asString()).isIn("web", "db");
            assertThat(check.get("time").asLong()).isPositive();
            assertThat(check.has("latency")).isTrue();
            assertThat(check.has("detail")).isTrue();
        }
    }

    @Test
    void perMonitorStreamCarriesOnlyThatMonitor() throws IOException {
        try (SseConnection sse = SseConnection.open(port, "/api/v1/health/db/stream?checks=true", Map.of())) {
            JsonNode snapshot = JSON.readTree(sse.nextEvent(WAIT).data());
            assertThat(snapshot.findValuesAsString("name")).containsExactly("db");
            for (int i = 0; i < 5; i++) {
                assertThat(JSON.readTree(sse.nextEvent(WAIT).data()).get("name").asString()).isEqualTo("db");
            }
        }
    }

    @Test
    void resumeWithLastEventIdGetsTheMissedEventsInsteadOfASnapshot() throws IOException {
        Awaits.status(registry, "web", HealthStatus.HEALTHY, WAIT);
        String lastId;
        try (SseConnection sse = SseConnection.open(port, "/api/v1/health/stream", Map.of())) {
            lastId = sse.nextEvent(WAIT).id();
        }
        WEB.down();
        Awaits.status(registry, "web", HealthStatus.UNHEALTHY, WAIT);

        try (SseConnection sse = SseConnection.open(port, "/api/v1/health/stream", Map.of("Last-Event-ID", lastId))) {
            SseConnection.Block first = sse.nextEvent(WAIT);
            assertThat(first.event()).isNotEqualTo("snapshot");
            assertThat(first.idNumber()).isGreaterThan(Long.parseLong(lastId));
            List<SseConnection.Block> events = new ArrayList<>(List.of(first));
            if (!isStatus(first, "web", "unhealthy")) {
                collectUntil(sse, events, "status", "web", "unhealthy");
            }
            assertStrictlyIncreasingIds(events);
        }
    }

    @Test
    void resumeFromAnIdTooOldOrUnknownStartsWithASnapshot() throws IOException {
        for (String lastId : List.of("1", Long.toString(hub.lastId() + 1_000), "not-a-number")) {
            try (SseConnection sse = SseConnection.open(port, "/api/v1/health/stream",
                    Map.of("Last-Event-ID", lastId))) {
                SseConnection.Block first = sse.nextEvent(WAIT);
                assertThat(first.event()).as("resuming after %s", lastId).isEqualTo("snapshot");
            }
        }
    }

    @Test
    void monitorEventsTellOfAddedAndRemovedMonitors() throws IOException {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        try (SseConnection sse = SseConnection.open(port, "/api/v1/health/stream", Map.of())) {
            assertThat(sse.nextEvent(WAIT).event()).isEqualTo("snapshot");
            client.post().uri("/api/v1/monitors").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("name", "extra", "url", DB.url()))
                    .exchange()
                    .expectStatus().isCreated();
            JsonNode added = JSON.readTree(sse.nextEvent("monitor", WAIT).data());
            assertThat(added.get("name").asString()).isEqualTo("extra");
            assertThat(added.get("action").asString()).isEqualTo("added");
            assertThat(added.has("reason")).isTrue();

            client.delete().uri("/api/v1/monitors/extra").header("Content-Type", "application/json")
                    .exchange()
                    .expectStatus().isNoContent();
            JsonNode removed = JSON.readTree(sse.nextEvent("monitor", WAIT).data());
            assertThat(removed.get("action").asString()).isEqualTo("removed");
        }
    }

    private static SseConnection.Block collectUntil(SseConnection sse, List<SseConnection.Block> events, String event,
            String name, String status) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            SseConnection.Block block = sse.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            events.add(block);
            if (block.event().equals(event) && JSON.readTree(block.data()).get("name").asString().equals(name)
                    && (status == null || isStatus(block, name, status))) {
                return block;
            }
        }
    }

    private static boolean isStatus(SseConnection.Block block, String name, String status) {
        JsonNode data = JSON.readTree(block.data());
        return "status".equals(block.event()) && data.get("name").asString().equals(name)
                && data.get("status").asString().equals(status);
    }

    private static void assertStrictlyIncreasingIds(List<SseConnection.Block> events) {
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).idNumber()).isGreaterThan(events.get(i - 1).idNumber());
        }
    }
}
