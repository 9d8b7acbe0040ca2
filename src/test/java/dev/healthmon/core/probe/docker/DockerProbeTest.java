package dev.healthmon.core.probe.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.Target;
import dev.healthmon.core.probe.Probe;
import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;
import reactor.test.StepVerifier;

/**
 * The Docker probe against a real HTTP server on a real unix socket that answers as the Docker Engine API does.
 */
class DockerProbeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().timeout(Duration.ofSeconds(8)).build();

    private static final String HEALTHY = health("healthy", 0, "ok: 200 from /health");
    private static final String UNHEALTHY = health("unhealthy", 3,
            "curl: (7) Failed to connect to localhost port 8080: Connection refused");

    /** Canned inspect bodies by container name; a name not here gets Docker's 404. */
    private static final Map<String, String> CONTAINERS = Map.of(
            "web", inspect("running", HEALTHY),
            "sick", inspect("running", UNHEALTHY),
            "booting", inspect("running", "{\"Status\":\"starting\",\"FailingStreak\":0,\"Log\":[]}"),
            "plain", inspect("running", null),
            "none", inspect("running", "{\"Status\":\"none\",\"FailingStreak\":0,\"Log\":[]}"),
            "fresh", inspect("created", null),
            "stopped", inspect("exited", UNHEALTHY),
            "dead", inspect("dead", null),
            "paused", inspect("paused", HEALTHY),
            "restarting", inspect("restarting", null));

    @TempDir
    Path dir;

    private DisposableServer service;
    private URI serviceUrl;
    private final HttpClient http = HttpClient.create();

    @BeforeEach
    void startService() {
        service = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes
                        .get("/health", (req, res) -> res.sendString(Mono.just("up")))
                        .get("/down", (req, res) -> res.status(503).sendString(Mono.just("down"))))
                .bindNow();
        serviceUrl = URI.create("http://127.0.0.1:" + service.port() + "/health");
    }

    @AfterEach
    void stopService() {
        service.disposeNow();
    }

    @Test
    void passesWhenTheContainerRunsAndIsHealthy() {
        try (Daemon daemon = Daemon.unix(dir.resolve("docker.sock"))) {
            StepVerifier.create(probe("web", null, daemon.client()).check(serviceUrl))
                    .assertNext(r -> {
                        assertThat(r.healthy()).isTrue();
                        assertThat(r.detail()).isEqualTo("ok: 200 from /health");
                        // the latency is the last health check's own run: End - Start in the log
                        assertThat(r.latency()).isEqualTo(Duration.ofMillis(250));
                    })
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @Test
    void unhealthyIsAFailWithTheLastHealthLogAndNeverFallsBack() {
        try (Daemon daemon = Daemon.unix(dir.resolve("docker.sock"))) {
            StepVerifier.create(probe("sick", httpGet(), daemon.client()).check(serviceUrl))
                    .assertNext(r -> {
                        assertThat(r.healthy()).isFalse();
                        assertThat(r.detail())
                                .isEqualTo("curl: (7) Failed to connect to localhost port 8080: Connection refused");
                    })
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @Test
    void aHealthCheckStillStartingIsAFail() {
        try (Daemon daemon = Daemon.unix(dir.resolve("docker.sock"))) {
            StepVerifier.create(probe("booting", httpGet(), daemon.client()).check(serviceUrl))
                    .assertNext(r -> assertThat(r).isEqualTo(HealthCheckResult.unhealthy("container is starting",
                            r.latency())))
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stopped:exited", "dead:dead", "paused:paused", "restarting:restarting"})
    void aContainerThatIsNotRunningIsAFail(String nameAndStatus) {
        String name = nameAndStatus.split(":")[0];
        String status = nameAndStatus.split(":")[1];
        try (Daemon daemon = Daemon.unix(dir.resolve("docker.sock"))) {
            StepVerifier.create(probe(name, httpGet(), daemon.client()).check(serviceUrl))
                    .assertNext(r -> {
                        assertThat(r.healthy()).isFalse();
                        assertThat(r.detail()).isEqualTo("container is " + status);
                    })
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @Test
    void aCreatedContainerIsNotStarted() {
        try (Daemon daemon = Daemon.unix(dir.resolve("docker.sock"))) {
            StepVerifier.create(probe("fresh", httpGet(), daemon.client()).check(serviceUrl))
                    .assertNext(r -> {
                        assertThat(r.healthy()).isFalse();
                        assertThat(r.detail()).isEqualTo("container is not started");
                    })
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @Test
    void anUnknownContainerIsAFailNamingIt() {
        try (Daemon daemon = Daemon.unix(dir.resolve("docker.sock"))) {
            StepVerifier.create(probe("ghost", httpGet(), daemon.client()).check(serviceUrl))
                    .assertNext(r -> {
                        assertThat(r.healthy()).isFalse();
                        assertThat(r.detail()).isEqualTo("no such container: ghost");
                    })
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "none"})
    void withoutAHealthCheckTheMonitorsOwnUrlDecides(String container) {
        try (Daemon daemon = Daemon.unix(dir.resolve("docker.sock"))) {
            DockerProbe probe = probe(container, httpGet(), daemon.client());
            StepVerifier.create(probe.check(serviceUrl))
                    .assertNext(r -> assertThat(r.healthy()).isTrue())
                    .expectComplete()
                    .verify(WAIT);
            URI down = serviceUrl.resolve("/down");
            StepVerifier.create(probe.check(down))
                    .assertNext(r -> {
                        assertThat(r.healthy()).isFalse();
                        assertThat(r.detail()).isEqualTo("HTTP 503 Service Unavailable");
                    })
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @Test
    void withoutAHealthCheckOrAFallbackARunningContainerPasses() {
        try (Daemon daemon = Daemon.unix(dir.resolve("docker.sock"))) {
            StepVerifier.create(probe("plain", null, daemon.client()).check(serviceUrl))
                    .assertNext(r -> {
                        assertThat(r.healthy()).isTrue();
                        assertThat(r.detail()).isEqualTo("container is running (no health check)");
                    })
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @Test
    void aDaemonThatIsGoneIsACheckErrorWithoutAFallback() {
        Path socket = dir.resolve("gone.sock");
        DockerClient client = DockerClient.create(URI.create("unix://" + socket), http);

        StepVerifier.create(probe("web", null, client).check(serviceUrl))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(DockerDaemonException.class)
                        .hasMessageContaining("docker daemon unix://" + socket + " unreachable"))
                .verify(WAIT);
    }

    @Test
    void aDaemonThatIsGoneFallsBackAndDockerIsAskedAgainAtTheNextCheck() {
        Path socket = dir.resolve("later.sock");
        DockerProbe probe = probe("sick", httpGet(), DockerClient.create(URI.create("unix://" + socket), http));

        // daemon down: the monitor's own URL answers
        StepVerifier.create(probe.check(serviceUrl))
                .assertNext(r -> assertThat(r.healthy()).isTrue())
                .expectComplete()
                .verify(WAIT);

        // daemon back: the same probe asks Docker again, whose "unhealthy" wins over the URL
        try (Daemon ignored = Daemon.unix(socket)) {
            StepVerifier.create(probe.check(serviceUrl))
                    .assertNext(r -> {
                        assertThat(r.healthy()).isFalse();
                        assertThat(r.detail()).startsWith("curl: (7)");
                    })
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @Test
    void aDaemonThatDoesNotAnswerInHalfTheTimeFallsBack() {
        HealthCheckConfig config = HealthCheckConfig.builder().timeout(Duration.ofMillis(400)).build();
        try (Daemon daemon = Daemon.unix(dir.resolve("docker.sock"))) {
            Target.DockerTarget slow = new Target.DockerTarget("slow", null);

            StepVerifier.create(DockerProbe.create(slow, config, httpGet(), daemon.client(), Schedulers.parallel())
                            .check(serviceUrl))
                    .assertNext(r -> assertThat(r.healthy()).isTrue())
                    .expectComplete()
                    .verify(WAIT);
            StepVerifier.create(DockerProbe.create(slow, config, null, daemon.client(), Schedulers.parallel())
                            .check(serviceUrl))
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(DockerDaemonException.class)
                            .hasMessageEndingWith("did not answer within 200ms"))
                    .verify(WAIT);
        }
    }

    @Test
    void aDaemonErrorIsACheckErrorWithItsMessage() {
        try (Daemon daemon = Daemon.unix(dir.resolve("docker.sock"))) {
            StepVerifier.create(probe("broken", null, daemon.client()).check(serviceUrl))
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(DockerDaemonException.class)
                            .hasMessageEndingWith("answered HTTP 500 Internal Server Error: "
                                    + "error while inspecting: storage driver failed"))
                    .verify(WAIT);
        }
    }

    @Test
    void readsTheEngineApiOverTcpToo() {
        try (Daemon daemon = Daemon.tcp()) {
            assertThat(daemon.client().host().getScheme()).isEqualTo("tcp");
            StepVerifier.create(probe("sick", null, daemon.client()).check(serviceUrl))
                    .assertNext(r -> assertThat(r.detail()).startsWith("curl: (7)"))
                    .expectComplete()
                    .verify(WAIT);
        }
    }

    @Test
    void reachesTheUnixSocketOnTheNioTransportToo() {
        LoopResources nio = LoopResources.create("docker-nio", 1, true);
        try (Daemon daemon = Daemon.unix(dir.resolve("docker.sock"))) {
            DockerClient client = DockerClient.create(daemon.client().host(), HttpClient.create().runOn(nio, false));
            StepVerifier.create(probe("web", null, client).check(serviceUrl))
                    .assertNext(r -> assertThat(r.healthy()).isTrue())
                    .expectComplete()
                    .verify(WAIT);
        }
        finally {
            nio.disposeLater(Duration.ZERO, WAIT).block(WAIT);
        }
    }

    @Test
    void theDaemonAddressComesFromTheMonitorThenDockerHostThenTheDefault() {
        URI mine = URI.create("tcp://127.0.0.1:2375");
        assertThat(DockerClient.resolveHost(mine, "unix:///run/other.sock")).isEqualTo(mine);
        assertThat(DockerClient.resolveHost(null, "unix:///run/other.sock"))
                .isEqualTo(URI.create("unix:///run/other.sock"));
        assertThat(DockerClient.resolveHost(null, null)).isEqualTo(URI.create("unix:///var/run/docker.sock"));
        assertThat(DockerClient.resolveHost(null, " ")).isEqualTo(DockerClient.DEFAULT_HOST);
    }

    @Test
    void anUnsupportedDaemonAddressNamesTheField() {
        assertThatThrownBy(() -> DockerClient.create(URI.create("npipe:////./pipe/docker_engine"), http))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("docker.host"))
                .hasMessageContaining("expected: unix:///path/to/docker.sock or tcp://host:port");
        assertThatThrownBy(() -> DockerClient.create(URI.create("tcp://127.0.0.1"), http))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("needs a host and a port");
    }

    private DockerProbe probe(String container, Probe fallback, DockerClient client) {
        return DockerProbe.create(new Target.DockerTarget(container, null), CONFIG, fallback, client,
                Schedulers.parallel());
    }

    /** A small real HTTP probe for the fallback: GET the URL, below 500 passes. */
    private Probe httpGet() {
        return url -> http.get()
                .uri(url)
                .responseSingle((res, body) -> body.asString().defaultIfEmpty("").map(ignored -> res.status()))
                .map(status -> status.code() < 500
                        ? HealthCheckResult.healthy(Duration.ZERO)
                        : HealthCheckResult.unhealthy("HTTP " + status.code() + " " + status.reasonPhrase()));
    }

    private static String inspect(String status, String healthJson) {
        return "{\"Id\":\"4f6c2a8e1b9d\",\"Created\":\"2026-11-24T08:00:00.000000000Z\","
                + "\"Path\":\"/docker-entrypoint.sh\","
                + "\"State\":{\"Status\":\"" + status + "\",\"Running\":" + status.equals("running")
                + ",\"Paused\":" + status.equals("paused") + ",\"Restarting\":" + status.equals("restarting")
                + ",\"OOMKilled\":false,\"Dead\":" + status.equals("dead") + ",\"Pid\":4242,\"ExitCode\":0,"
                + "\"Error\":\"\",\"StartedAt\":\"2026-11-24T08:00:01.000000000Z\","
                + "\"FinishedAt\":\"0001-01-01T00:00:00Z\""
                + (healthJson == null ? "" : ",\"Health\":" + healthJson)
                + "},\"Name\":\"/web\",\"RestartCount\":0,\"Config\":{\"Image\":\"nginx:1.27\"}}";
    }

    private static String health(String status, int failingStreak, String output) {
        return "{\"Status\":\"" + status + "\",\"FailingStreak\":" + failingStreak + ",\"Log\":["
                + "{\"Start\":\"2026-11-24T09:09:30.000000000+01:00\",\"End\":\"2026-11-24T09:09:30.1Z\","
                + "\"ExitCode\":1,\"Output\":\"an older run\"},"
                + "{\"Start\":\"2026-11-24T09:10:00.100000000Z\",\"End\":\"2026-11-24T09:10:00.350000000Z\","
                + "\"ExitCode\":" + (failingStreak == 0 ? 0 : 1) + ",\"Output\":\"" + output + "\\n\"}]}";
    }

    /** A real HTTP server answering {@code GET /containers/{id}/json} as the Docker Engine API does. */
    private static final class Daemon implements AutoCloseable {

        private final DisposableServer server;
        private final DockerClient client;

        private Daemon(DisposableServer server, DockerClient client) {
            this.server = server;
            this.client = client;
        }

        static Daemon unix(Path socket) {
            DisposableServer server = engineApi(HttpServer.create()
                    .bindAddress(() -> new DomainSocketAddress(socket.toString())));
            return new Daemon(server, DockerClient.create(URI.create("unix://" + socket), HttpClient.create()));
        }

        static Daemon tcp() {
            DisposableServer server = engineApi(HttpServer.create().host("127.0.0.1").port(0));
            return new Daemon(server,
                    DockerClient.create(URI.create("tcp://127.0.0.1:" + server.port()), HttpClient.create()));
        }

        DockerClient client() {
            return client;
        }

        @Override
        public void close() {
            server.disposeNow();
        }

        private static DisposableServer engineApi(HttpServer server) {
            return server.route(routes -> routes.get("/containers/{id}/json", Daemon::inspect)).bindNow();
        }

        private static org.reactivestreams.Publisher<Void> inspect(HttpServerRequest req, HttpServerResponse res) {
            // Go's HTTP server, the daemon's, refuses an HTTP/1.1 request without a Host header
            if (!req.requestHeaders().contains("Host")) {
                return res.status(400).sendString(Mono.just("400 Bad Request: missing required Host header"));
            }
            String id = req.param("id");
            res.header("Content-Type", "application/json").header("Api-Version", "1.47").header("Server",
                    "Docker/27.3.1 (linux)");
            if ("slow".equals(id)) {
                return Mono.never();
            }
            if ("broken".equals(id)) {
                return res.status(500).sendString(Mono.just(
                        "{\"message\":\"error while inspecting: storage driver failed\"}\n"));
            }
            String body = CONTAINERS.get(id);
            if (body == null) {
                return res.status(404).sendString(Mono.just("{\"message\":\"No such container: " + id + "\"}\n"));
            }
            return res.sendString(Mono.just(body + "\n"));
        }
    }
}
