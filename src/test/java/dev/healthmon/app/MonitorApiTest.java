package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.healthmon.agent.AgentServer;
import dev.healthmon.agent.AgentServerConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.probe.Probes;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** Monitor management at run time: create, replace, delete and restart, validated as the config file is. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.location=classpath:/application.yml,classpath:/e2e.yml",
                "healthmon.api.token=s3cret", "healthmon.api.allow=agent"})
class MonitorApiTest {

    private static final String TOKEN = "Bearer s3cret";
    private static final LocalTarget TARGET = LocalTarget.start();
    private static final LocalTarget FLAKY = LocalTarget.start();

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
    static void stopTargets() {
        TARGET.close();
        FLAKY.close();
    }

    @BeforeEach
    void connect() {
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void managementRequiresTheBearerToken() {
        client.post().uri("/api/v1/monitors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "sneaky", "url", TARGET.url()))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody().jsonPath("$.error").exists();
        client.delete().uri("/api/v1/monitors/db").header(HttpHeaders.AUTHORIZATION, "Bearer wrong")
                .exchange()
                .expectStatus().isUnauthorized();
        assertThat(registry.get("sneaky")).isEmpty();
        assertThat(registry.get("db")).isPresent();
        // reads stay open
        client.get().uri("/api/v1/health/db").exchange().expectStatus().isOk();
    }

    @Test
    void createStartsAMonitorAndRejectsItsNameTwice() {
        client.post().uri("/api/v1/monitors").header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "added", "url", TARGET.url(), "interval", "1m", "retries", 5))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().location("/api/v1/health/added")
                .expectBody()
                .jsonPath("$.name").isEqualTo("added")
                .jsonPath("$.url").isEqualTo(TARGET.url())
                .jsonPath("$.config.interval").isEqualTo("1m")
                .jsonPath("$.config.retries").isEqualTo(5);
        Awaits.status(registry, "added", HealthStatus.HEALTHY, Duration.ofSeconds(5));

        client.post().uri("/api/v1/monitors").header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "added", "url", TARGET.url()))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.error").isEqualTo("a monitor named 'added' already exists")
                .jsonPath("$.field").isEqualTo("name");
    }

    @Test
    void invalidInputIs400NamingTheField() {
        assertRejected(Map.of("name", "bad", "url", TARGET.url(), "interval", "0s"), "interval",
                "monitor 'bad': interval: non-positive interval 0s (expected: > 0)");
        assertRejected(Map.of("name", "bad", "url", TARGET.url(), "timeout", "soon"), "timeout",
                "monitor 'bad': timeout: invalid duration 'soon' (expected: such as 500ms, 30s, 1m30s or 2h)");
        assertRejected(Map.of("name", "bad", "url", TARGET.url(), "path", "health"), "path",
                "monitor 'bad': path: 'health' does not start with '/'");
        assertRejected(Map.of("name", "bad", "url", "gopher://127.0.0.1:70"), "url", "monitor 'bad': url: ");
        assertRejected(Map.of("url", TARGET.url()), "name", "name: missing (every monitor needs a unique name)");
        assertRejected(Map.of("name", "bad", "url", TARGET.url(), "colour", "red"), "colour",
                "monitor 'bad': colour: unknown field");
        client.post().uri("/api/v1/monitors").header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": ")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("body");
        assertThat(registry.get("bad")).isEmpty();
    }

    @Test
    void replaceKeepsTheLastSeenTimeOfItsName() {
        create("flaky", FLAKY.url());
        Awaits.status(registry, "flaky", HealthStatus.HEALTHY, Duration.ofSeconds(5));
        FLAKY.down();
        Awaits.status(registry, "flaky", HealthStatus.UNHEALTHY, Duration.ofSeconds(5));
        Instant lastSeen = registry.get("flaky").map(HealthMonitor::lastSeen).orElseThrow();

        client.put().uri("/api/v1/monitors/flaky").header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", FLAKY.url(), "interval", "200ms", "retries", 2))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.config.interval").isEqualTo("200ms")
                .jsonPath("$.lastSeen").isEqualTo(lastSeen.getEpochSecond());
        Awaits.status(registry, "flaky", HealthStatus.UNHEALTHY, Duration.ofSeconds(5));
        assertThat(registry.get("flaky").map(HealthMonitor::lastSeen)).contains(lastSeen);
        assertThat(registry.get("flaky").map(m -> m.config().retries())).contains(2);

        FLAKY.up();
        Awaits.status(registry, "flaky", HealthStatus.HEALTHY, Duration.ofSeconds(5));
        assertThat(registry.get("flaky").map(HealthMonitor::lastSeen).orElseThrow()).isAfter(lastSeen);
    }

    @Test
    void putCreatesAnUnknownNameAndRejectsAnotherNameInTheBody() {
        client.put().uri("/api/v1/monitors/fresh").header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", TARGET.url()))
                .exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.name").isEqualTo("fresh");
        client.put().uri("/api/v1/monitors/fresh").header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "other", "url", TARGET.url()))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("name");
    }

    @Test
    void deleteStopsAndRemovesAMonitor() {
        create("doomed", TARGET.url());
        HealthMonitor doomed = registry.get("doomed").orElseThrow();

        client.delete().uri("/api/v1/monitors/doomed").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isNoContent();

        assertThat(doomed.status()).isEqualTo(HealthStatus.STOPPED);
        client.get().uri("/api/v1/health/doomed").exchange().expectStatus().isNotFound();
        client.delete().uri("/api/v1/monitors/doomed").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void restartStartsAMonitorAgainFromStarting() {
        create("again", TARGET.url());
        Awaits.status(registry, "again", HealthStatus.HEALTHY, Duration.ofSeconds(5));
        Mono<MonitorEvent> restarted = registry.events()
                .filter(e -> e instanceof MonitorEvent.StatusChanged s && s.name().equals("again")
                        && s.status() == HealthStatus.STARTING)
                .next()
                .cache();
        restarted.subscribe();

        client.post().uri("/api/v1/monitors/again/restart").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("again");

        assertThat(restarted.block(Duration.ofSeconds(5))).isNotNull();
        Awaits.status(registry, "again", HealthStatus.HEALTHY, Duration.ofSeconds(5));
        client.post().uri("/api/v1/monitors/nope/restart").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void aMonitorReadsBackAsWrittenSoAnEditKeepsWhatItDoesNotChange() {
        client.post().uri("/api/v1/monitors").header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "relayed", "url", TARGET.url(), "agent", "http://127.0.0.1:9",
                        "interval", "1h", "group", "edge"))
                .exchange()
                .expectStatus().isCreated();

        client.get().uri("/api/v1/monitors/relayed").exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/v1/monitors/relayed").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isOk()
                .expectBody()
                .json("{\"name\":\"relayed\",\"url\":\"" + TARGET.url() + "\",\"agent\":\"http://127.0.0.1:9\","
                        + "\"interval\":\"1h\",\"group\":\"edge\"}", true)
                .jsonPath("$.retries").doesNotExist();
        // the config file's monitor reads back as the file wrote it
        client.get().uri("/api/v1/monitors/db").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"name\":\"db\",\"url\":\"" + TARGET.url() + "\"}", true);
        client.get().uri("/api/v1/monitors/nope").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isNotFound();

        client.put().uri("/api/v1/monitors/relayed").header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", TARGET.url(), "agent", "http://127.0.0.1:9", "interval", "2h"))
                .exchange()
                .expectStatus().isOk();
        client.get().uri("/api/v1/monitors/relayed").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.interval").isEqualTo("2h")
                .jsonPath("$.agent").isEqualTo("http://127.0.0.1:9")
                .jsonPath("$.group").doesNotExist();
        client.delete().uri("/api/v1/monitors/relayed").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isNoContent();
    }

    @Test
    void restartRevivesAMonitorThatStoppedItselfOnErrors() {
        // an agent that answers what is not an agent's answer: a check error that stops the monitor (an agent that
        // cannot be reached at all leaves its monitors in error, backing off, and does not stop them)
        DisposableServer impostor = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.sendString(Mono.just("not an agent")))
                .bindNow(Duration.ofSeconds(5));
        int agentPort = impostor.port();
        Mono<MonitorEvent> stopped = registry.events()
                .filter(e -> e instanceof MonitorEvent.Lifecycle l && l.name().equals("remote")
                        && l.action() == MonitorEvent.Lifecycle.Action.STOPPED)
                .next()
                .cache();
        stopped.subscribe();

        // one error stops this monitor
        client.post().uri("/api/v1/monitors").header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "remote", "url", TARGET.url(), "agent", "http://127.0.0.1:" + agentPort,
                        "maxErrors", 1))
                .exchange()
                .expectStatus().isCreated();
        assertThat(stopped.block(Duration.ofSeconds(5))).isNotNull();
        assertThat(registry.get("remote").map(HealthMonitor::status)).contains(HealthStatus.ERROR);
        impostor.disposeNow(Duration.ofSeconds(5));

        Probes probes = Probes.create();
        DisposableServer agent = AgentServer.create(AgentServerConfig.of("127.0.0.1", agentPort),
                        (target, config) -> probes.probeFor("agent", target, config))
                .bindNow(Duration.ofSeconds(5));
        try {
            client.post().uri("/api/v1/monitors/remote/restart").header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                    .expectStatus().isOk();
            Awaits.status(registry, "remote", HealthStatus.HEALTHY, Duration.ofSeconds(5));
        }
        finally {
            agent.disposeNow(Duration.ofSeconds(5));
        }
    }

    private void create(String name, String url) {
        client.post().uri("/api/v1/monitors").header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "url", url))
                .exchange()
                .expectStatus().isCreated();
    }

    private void assertRejected(Map<String, Object> body, String field, String messagePrefix) {
        client.post().uri("/api/v1/monitors").header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.field").isEqualTo(field)
                .jsonPath("$.error").value(String.class, error -> assertThat(error).startsWith(messagePrefix));
    }
}
