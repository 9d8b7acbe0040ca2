package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.core.schedule.MonitorRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Maintenance in the running service: a configured window, and mutes of a monitor and a group through the API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.location=classpath:/application.yml,classpath:/e2e.yml",
                "healthmon.api.token=s3cret"})
class MaintenanceApiTest {

    private static final String TOKEN = "Bearer s3cret";
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
        properties.add("healthmon.monitors[0].group", () -> "edge");
        properties.add("healthmon.monitors[1].name", () -> "web");
        properties.add("healthmon.monitors[1].url", TARGET::url);
        // opens every minute for two: always open
        properties.add("healthmon.maintenance[0].name", () -> "always");
        properties.add("healthmon.maintenance[0].cron", () -> "0 * * * * *");
        properties.add("healthmon.maintenance[0].duration", () -> "2m");
        properties.add("healthmon.maintenance[0].zone", () -> "Europe/Paris");
        properties.add("healthmon.maintenance[0].monitors", () -> "web");
    }

    @AfterAll
    static void stopTarget() {
        TARGET.close();
    }

    @BeforeEach
    void connect() {
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void aConfiguredWindowShowsInTheMonitorJson() {
        client.get().uri("/api/v1/health/web").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.maintenance.name").isEqualTo("always")
                .jsonPath("$.held").doesNotExist();
        client.get().uri("/api/v1/health/db").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.maintenance").doesNotExist();
    }

    @Test
    void aMonitorIsMutedAndUnmutedWithTheToken() {
        client.post().uri("/api/v1/monitors/db/mute?for=2h").exchange().expectStatus().isUnauthorized();

        client.post().uri("/api/v1/monitors/db/mute?for=2h").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.name").isEqualTo("db")
                .jsonPath("$.maintenance.name").isEqualTo("mute");
        client.get().uri("/api/v1/health/db").exchange()
                .expectBody().jsonPath("$.maintenance.name").isEqualTo("mute");
        assertThat(registry.holds(registry.get("db").orElseThrow()).window()).isNotNull();

        client.delete().uri("/api/v1/monitors/db/mute").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isNoContent();
        client.delete().uri("/api/v1/monitors/db/mute").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isNotFound();
        assertThat(registry.holds(registry.get("db").orElseThrow()).window()).isNull();
    }

    @Test
    void badInputIsA4xxNamingTheProblem() {
        client.post().uri("/api/v1/monitors/db/mute?for=soon").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.field").isEqualTo("for")
                .jsonPath("$.error").value(error -> assertThat((String) error).contains("'soon'"));
        client.post().uri("/api/v1/monitors/db/mute").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isBadRequest();
        client.post().uri("/api/v1/monitors/nobody/mute?for=1h").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isNotFound();
        client.post().uri("/api/v1/groups/nowhere/mute?for=1h").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void aGroupIsMuted() {
        client.post().uri("/api/v1/groups/edge/mute?for=30m").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.maintenance.name").isEqualTo("mute");
        assertThat(registry.holds(registry.get("db").orElseThrow()).window()).isNotNull();
        assertThat(registry.holds(registry.get("web").orElseThrow()).window().name()).isEqualTo("always");

        client.delete().uri("/api/v1/groups/edge/mute").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isNoContent();
    }
}
