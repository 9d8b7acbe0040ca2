package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The service reloads its config file while it runs (DESIGN section 12): an edit on disk is applied as a diff, an
 * invalid file changes nothing and is reported, and the API cannot touch a monitor of the file. Each test runs the
 * service in this JVM on a config file of its own.
 */
class ConfigReloadTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final LocalTarget TARGET = LocalTarget.start();

    @TempDir
    Path dir;

    Path file;
    ConfigurableApplicationContext service;
    MonitorRegistry registry;
    WebTestClient client;
    final List<MonitorEvent> events = new CopyOnWriteArrayList<>();
    Disposable recording;

    @AfterEach
    void stop() {
        if (recording != null) {
            recording.dispose();
        }
        if (service != null) {
            service.close();
        }
    }

    @AfterAll
    static void stopTarget() {
        TARGET.close();
    }

    @Test
    void anEditOnDiskIsAppliedAsADiffAndLeavesUnchangedMonitorsAlone() throws IOException {
        start("""
                healthmon:
                  config: { period: 200ms }
                  monitors:
                    - { name: keep, url: "%1$s", interval: 1h, jitter: 0s }
                    - { name: edit, url: "%1$s", interval: 1h, jitter: 0s }
                    - { name: gone, url: "%1$s", interval: 1h, jitter: 0s }
                """);
        Awaits.status(registry, "keep", HealthStatus.HEALTHY, WAIT);
        Awaits.status(registry, "edit", HealthStatus.HEALTHY, WAIT);
        // the monitors of the file run, and Spring's environment no longer holds them (a reload reads the file)
        assertThat(registry.get("gone")).isPresent();
        assertThat(service.getEnvironment().getProperty("healthmon.monitors[1].name")).isNull();
        assertThat(service.getEnvironment().getProperty("healthmon.monitors[2].url")).isNull();
        assertThat(service.getEnvironment().getProperty("healthmon.config.period")).isEqualTo("200ms");
        HealthMonitor keep = registry.get("keep").orElseThrow();
        MonitorSnapshot keepBefore = keep.snapshot();
        Instant editSeen = registry.get("edit").orElseThrow().snapshot().lastSeen();
        List<Instant> keepChecks = checks("keep");
        Mono<MonitorEvent.ConfigReloaded> reloaded = nextReload();
        Mono<MonitorEvent> editChecked = nextCheck("edit");
        int mark = events.size();

        write("""
                healthmon:
                  config: { period: 200ms }
                  monitors:
                    - { name: keep, url: "%1$s", interval: 1h, jitter: 0s }
                    - { name: edit, url: "%1$s", interval: 2h, jitter: 0s }
                    - { name: fresh, url: "%1$s", interval: 1h, jitter: 0s }
                """);

        MonitorEvent.ConfigReloaded outcome = reloaded.block(WAIT);
        assertThat(outcome.applied()).isTrue();
        assertThat(outcome.added()).containsExactly("fresh");
        assertThat(outcome.removed()).containsExactly("gone");
        assertThat(outcome.changed()).containsExactly("edit");
        Awaits.status(registry, "fresh", HealthStatus.HEALTHY, WAIT);
        assertThat(registry.get("gone")).isEmpty();
        assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo(new MonitorEvent.Lifecycle("gone",
                MonitorEvent.Lifecycle.Action.REMOVED, "removed", e.time())));
        // the changed monitor runs with its new settings, from the state of the one it replaced
        HealthMonitor edit = registry.get("edit").orElseThrow();
        assertThat(edit.config().interval()).isEqualTo(Duration.ofHours(2));
        editChecked.block(WAIT);
        assertThat(edit.status()).isEqualTo(HealthStatus.HEALTHY);
        // it keeps its status (healthy, never starting again) and its last-seen time from the first instant
        List<MonitorEvent.StatusChanged> editChanges = events.subList(mark, events.size()).stream()
                .filter(e -> e instanceof MonitorEvent.StatusChanged c && c.name().equals("edit"))
                .map(MonitorEvent.StatusChanged.class::cast)
                .toList();
        assertThat(editChanges).noneMatch(c -> c.status() == HealthStatus.STARTING);
        assertThat(editChanges).filteredOn(c -> c.status() == HealthStatus.HEALTHY)
                .first()
                .satisfies(c -> assertThat(c.lastSeen()).isEqualTo(editSeen));
        assertThat(events).noneMatch(e -> e instanceof MonitorEvent.Notification);
        // the unchanged one was not touched: the same monitor, started when it was, no check since its first
        assertThat(registry.get("keep")).containsSame(keep);
        assertThat(keep.snapshot().started()).isEqualTo(keepBefore.started());
        assertThat(checks("keep")).isEqualTo(keepChecks);
        assertThat(events).noneMatch(e -> e instanceof MonitorEvent.Lifecycle l && l.name().equals("keep"));
    }

    @Test
    void anInvalidFileChangesNothingAndIsReportedInTheAnswerAndTheStream() throws IOException {
        start("""
                healthmon:
                  config: { watch: false }
                  monitors:
                    - { name: keep, url: "%1$s", interval: 1h, jitter: 0s }
                    - { name: other, url: "%1$s", interval: 1h, jitter: 0s }
                """);
        Awaits.status(registry, "keep", HealthStatus.HEALTHY, WAIT);
        Map<String, HealthMonitor> before = Map.of("keep", registry.get("keep").orElseThrow(),
                "other", registry.get("other").orElseThrow());
        write("""
                healthmon:
                  config: { watch: false }
                  monitors:
                    - { name: keep, url: "%1$s", interval: 0s }
                    - { name: added, url: "%1$s" }
                """);

        try (SseConnection stream = SseConnection.open(port(), "/api/v1/health/stream", Map.of())) {
            stream.nextEvent("snapshot", WAIT);
            client.post().uri("/api/v1/config/reload").contentType(MediaType.APPLICATION_JSON)
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.action").isEqualTo("rejected")
                    .jsonPath("$.error").isEqualTo("monitor 'keep': interval: non-positive interval 0s (expected: > 0)")
                    .jsonPath("$.monitor").isEqualTo("keep")
                    .jsonPath("$.field").isEqualTo("interval");
            SseConnection.Block config = stream.nextEvent("config", WAIT);
            assertThat(config.data()).contains("\"action\":\"rejected\"",
                    "\"error\":\"monitor 'keep': interval: non-positive interval 0s (expected: > 0)\"",
                    "\"field\":\"interval\"");
        }
        assertThat(registry.get("added")).isEmpty();
        before.forEach((name, monitor) -> {
            assertThat(registry.get(name)).containsSame(monitor);
            assertThat(monitor.task().isFinished()).as(name + " still runs").isFalse();
        });
        assertThat(registry.get("keep").orElseThrow().config().interval()).isEqualTo(Duration.ofHours(1));

        // a file that is not YAML at all is reported the same way, naming the file
        Files.writeString(file, "healthmon: { monitors: [ { name: x\n");
        client.post().uri("/api/v1/config/reload").contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.field").isEqualTo(file.toString())
                .jsonPath("$.error").value(error -> assertThat((String) error).contains("not readable"));
        // and an unknown key under healthmon: as start-up rejects it
        write("""
                healthmon:
                  config: { watch: false }
                  colour: red
                  monitors:
                    - { name: keep, url: "%1$s", interval: 1h, jitter: 0s }
                """);
        client.post().uri("/api/v1/config/reload").contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.field").isEqualTo("colour");
        assertThat(registry.get("other")).containsSame(before.get("other"));
    }

    @Test
    void aReloadThatMakesADependencyCycleIsRejectedNamingIt() throws IOException {
        start("""
                healthmon:
                  config: { watch: false }
                  monitors:
                    - { name: router, url: "%1$s", interval: 1h, jitter: 0s }
                    - { name: app, url: "%1$s", interval: 1h, jitter: 0s, dependsOn: [router] }
                """);
        Awaits.status(registry, "app", HealthStatus.HEALTHY, WAIT);
        HealthMonitor router = registry.get("router").orElseThrow();
        write("""
                healthmon:
                  config: { watch: false }
                  monitors:
                    - { name: router, url: "%1$s", interval: 1h, jitter: 0s, dependsOn: [app] }
                    - { name: app, url: "%1$s", interval: 1h, jitter: 0s, dependsOn: [router] }
                """);

        client.post().uri("/api/v1/config/reload").contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.action").isEqualTo("rejected")
                .jsonPath("$.field").isEqualTo("dependsOn")
                .jsonPath("$.error").value(error -> assertThat((String) error).contains("cycle"));
        assertThat(registry.get("router")).containsSame(router);
        assertThat(router.config().dependsOn()).isEmpty();
    }

    @Test
    void theApiCannotChangeOrDeleteAMonitorOfTheFile() throws IOException {
        start("""
                healthmon:
                  config: { watch: false }
                  monitors:
                    - { name: keep, url: "%1$s", interval: 1h, jitter: 0s }
                """);
        String expected = "monitor keep is defined in " + file + "; edit the file";
        client.put().uri("/api/v1/monitors/keep").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", TARGET.url(), "interval", "5m"))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error").isEqualTo(expected);
        client.delete().uri("/api/v1/monitors/keep").header("Content-Type", "application/json")
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error").isEqualTo(expected);
        client.post().uri("/api/v1/monitors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "keep", "url", TARGET.url()))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error").isEqualTo(expected);
        assertThat(registry.get("keep").orElseThrow().config().interval()).isEqualTo(Duration.ofHours(1));
        // a restart changes no setting: allowed
        client.post().uri("/api/v1/monitors/keep/restart").contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isOk();
    }

    @Test
    void aReloadThatTakesTheNameOfAnApiMonitorIsRejected() throws IOException {
        start("""
                healthmon:
                  config: { watch: false }
                  monitors:
                    - { name: keep, url: "%1$s", interval: 1h, jitter: 0s }
                """);
        client.post().uri("/api/v1/monitors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "made", "url", TARGET.url(), "interval", "1h"))
                .exchange()
                .expectStatus().isCreated();
        HealthMonitor made = registry.get("made").orElseThrow();
        write("""
                healthmon:
                  config: { watch: false }
                  monitors:
                    - { name: keep, url: "%1$s", interval: 1h, jitter: 0s }
                    - { name: made, url: "%1$s", interval: 5m }
                """);

        client.post().uri("/api/v1/config/reload").contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.monitor").isEqualTo("made")
                .jsonPath("$.field").isEqualTo("name")
                .jsonPath("$.error").value(error -> assertThat((String) error)
                        .contains("a monitor created through the API has this name"));
        assertThat(registry.get("made")).containsSame(made);
        // the API may still manage its own monitor
        client.delete().uri("/api/v1/monitors/made").header("Content-Type", "application/json")
                .exchange()
                .expectStatus().isNoContent();
    }

    @Test
    void aChangeOfTheDefaultsChangesTheMonitorsThatInheritThem() throws IOException {
        start("""
                healthmon:
                  config: { watch: false }
                  defaults: { interval: 1h, jitter: 0s }
                  monitors:
                    - { name: inherits, url: "%1$s" }
                    - { name: own, url: "%1$s", interval: 2h, jitter: 0s }
                """);
        client.post().uri("/api/v1/monitors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "made", "url", TARGET.url()))
                .exchange()
                .expectStatus().isCreated();
        HealthMonitor own = registry.get("own").orElseThrow();
        write("""
                healthmon:
                  config: { watch: false }
                  defaults: { interval: 3h, jitter: 0s }
                  monitors:
                    - { name: inherits, url: "%1$s" }
                    - { name: own, url: "%1$s", interval: 2h, jitter: 0s }
                """);

        client.post().uri("/api/v1/config/reload").contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.action").isEqualTo("applied")
                .jsonPath("$.added").isEmpty()
                .jsonPath("$.removed").isEmpty()
                .jsonPath("$.changed").value(changed -> assertThat((List<Object>) changed)
                        .containsExactlyInAnyOrder("inherits", "made"));
        assertThat(registry.get("inherits").orElseThrow().config().interval()).isEqualTo(Duration.ofHours(3));
        assertThat(registry.get("made").orElseThrow().config().interval()).isEqualTo(Duration.ofHours(3));
        assertThat(registry.get("own")).containsSame(own);
        // and what the API creates from now on inherits them too
        client.post().uri("/api/v1/monitors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "later", "url", TARGET.url()))
                .exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.config.interval").isEqualTo("3h");
    }

    @Test
    void aProviderAddedByAReloadDeliversTheNextDown() throws IOException {
        Sinks.Many<String> received = Sinks.many().replay().all();
        DisposableServer receiver = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> request.receive().aggregate().asString()
                        // requests may arrive on two event loops at once: tryEmitNext would drop one of them
                        .doOnNext(body -> received.emitNext(request.uri() + " " + body,
                                Sinks.EmitFailureHandler.busyLooping(WAIT)))
                        .then(response.status(200).send()))
                .bindNow();
        try (LocalTarget flaky = LocalTarget.start()) {
            writeRaw("""
                    healthmon:
                      config: { watch: false }
                      limits: { minInterval: 100ms }
                      monitors:
                        - { name: flaky, url: "%s", interval: 200ms, jitter: 0s, retries: -1 }
                    """.formatted(flaky.url()));
            startWritten();
            Awaits.status(registry, "flaky", HealthStatus.HEALTHY, WAIT);
            HealthMonitor before = registry.get("flaky").orElseThrow();
            writeRaw("""
                    healthmon:
                      config: { watch: false }
                      limits: { minInterval: 100ms }
                      notifications:
                        - { name: hook, provider: webhook, url: "http://127.0.0.1:%d/hook", retries: 0 }
                      monitors:
                        - { name: flaky, url: "%s", interval: 200ms, jitter: 0s, retries: -1, notify: [hook] }
                    """.formatted(receiver.port(), flaky.url()));
            client.post().uri("/api/v1/config/reload").contentType(MediaType.APPLICATION_JSON)
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.changed[0]").isEqualTo("flaky");
            assertThat(service.getBean(NotificationDelivery.class).providers()).containsExactly("hook");
            assertThat(registry.get("flaky").orElseThrow()).isNotSameAs(before);

            flaky.down();

            String down = received.asFlux().next().block(WAIT);
            assertThat(down).startsWith("/hook ").contains("flaky").contains("went down");
        }
        finally {
            receiver.disposeNow();
        }
    }

    private void start(String yaml) throws IOException {
        file = dir.resolve("healthmon.yml");
        write(yaml);
        startWritten();
    }

    private void writeRaw(String yaml) throws IOException {
        file = dir.resolve("healthmon.yml");
        Files.writeString(file, yaml);
    }

    private void startWritten() {
        service = new SpringApplicationBuilder(HealthmonApplication.class).run(
                "--spring.config.location=classpath:/application.yml,file:" + file,
                "--server.address=127.0.0.1", "--server.port=0", "--healthmon.history.enabled=false");
        registry = service.getBean(MonitorRegistry.class);
        recording = registry.events().subscribe(events::add);
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port()).responseTimeout(WAIT).build();
    }

    private void write(String yaml) throws IOException {
        Files.writeString(file, yaml.formatted(TARGET.url()));
    }

    private int port() {
        return Integer.parseInt(service.getEnvironment().getProperty("local.server.port", "0"));
    }

    private Mono<MonitorEvent.ConfigReloaded> nextReload() {
        return subscribedNow(service.getBean(ConfigReload.class).events()
                .ofType(MonitorEvent.ConfigReloaded.class)
                .next());
    }

    private Mono<MonitorEvent> nextCheck(String name) {
        return subscribedNow(registry.events()
                .filter(e -> e instanceof MonitorEvent.Checked c && c.name().equals(name))
                .next());
    }

    // subscribed now, so that what happens from here on is not missed; the value is kept for a later block()
    private static <T> Mono<T> subscribedNow(Mono<T> next) {
        Mono<T> kept = next.cache();
        kept.subscribe(null, error -> { });
        return kept;
    }

    private List<Instant> checks(String name) {
        return events.stream()
                .filter(e -> e instanceof MonitorEvent.Checked c && c.name().equals(name))
                .map(MonitorEvent::time)
                .toList();
    }
}
