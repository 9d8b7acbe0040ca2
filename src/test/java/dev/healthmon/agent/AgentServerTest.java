package dev.healthmon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.probe.agent.AgentClient;
import dev.healthmon.core.probe.agent.AgentProbe;
import dev.healthmon.core.probe.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.TcpClient;
import reactor.test.StepVerifier;

/**
 * The agent end to end: a real target server, the agent server running real probes against it, and the agent
 * probe asking the agent over HTTP.
 */
class AgentServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.create();
    private final Sinks.Empty<Void> probeCancelled = Sinks.empty();

    private DisposableServer target;
    private DisposableServer agent;
    private AgentProbe probe;

    @BeforeEach
    void start() {
        target = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes
                        .get("/health", (req, res) -> res.sendString(Mono.just("up")))
                        .get("/down", (req, res) -> res.status(503).sendString(Mono.just("down")))
                        .get("/hang", (req, res) -> Mono.never()))
                .bindNow();
        agent = AgentServer.create(AgentServerConfig.of("127.0.0.1", 0).withAllowFile(true), this::resolve)
                .bindNow(WAIT);
        probe = agentProbe("/health", Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        agent.disposeNow();
        target.disposeNow();
    }

    @Test
    void checksAnHttpTargetWhereTheAgentRuns() {
        StepVerifier.create(probe.check(targetUrl("http")))
                .assertNext(r -> {
                    assertThat(r.healthy()).isTrue();
                    assertThat(r.detail()).isEqualTo("HTTP 200 OK");
                    assertThat(r.latency()).isPositive();
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void reportsAnUnhealthyTargetAsAFailWithTheAgentsDetail() {
        StepVerifier.create(agentProbe("/down", Duration.ofSeconds(3)).check(targetUrl("http")))
                .assertNext(r -> {
                    assertThat(r.healthy()).isFalse();
                    assertThat(r.detail()).isEqualTo("HTTP 503 Service Unavailable");
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void checksTcpTargetsAndFilesToo(@TempDir Path dir) throws Exception {
        StepVerifier.create(probe.check(targetUrl("tcp")))
                .assertNext(r -> assertThat(r.healthy()).isTrue())
                .expectComplete()
                .verify(WAIT);

        DisposableServer closed = HttpServer.create().host("127.0.0.1").port(0).bindNow();
        closed.disposeNow();
        StepVerifier.create(probe.check(URI.create("tcp://127.0.0.1:" + closed.port())))
                .assertNext(r -> {
                    assertThat(r.healthy()).isFalse();
                    assertThat(r.detail()).isEqualTo("connection refused");
                })
                .expectComplete()
                .verify(WAIT);

        Path site = Files.createDirectory(dir.resolve("www"));
        StepVerifier.create(probe.check(site.toUri()))
                .assertNext(r -> assertThat(r.healthy()).isTrue())
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(probe.check(dir.resolve("missing").toUri()))
                .assertNext(r -> assertThat(r.detail()).isEqualTo("no such file: " + dir.resolve("missing")))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void aCheckThatOutlastsTheTimeoutIsAFailAndItsConnectionIsCancelled() {
        StepVerifier.create(agentProbe("/hang", Duration.ofMillis(300)).check(targetUrl("http")))
                .assertNext(r -> {
                    assertThat(r.healthy()).isFalse();
                    assertThat(r.detail()).isEqualTo("timeout after 300ms");
                    assertThat(r.latency()).isEqualTo(Duration.ofMillis(300));
                })
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(probeCancelled.asMono())
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void aMonitorGivingUpCancelsTheAgentsCheck() {
        StepVerifier.create(agentProbe("/hang", Duration.ofSeconds(30)).check(targetUrl("http"))
                        .timeout(Duration.ofMillis(200), Mono.empty()))
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(probeCancelled.asMono())
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void aCheckThatCannotRunIs500AndAFailForTheMonitor() {
        StepVerifier.create(probe.check(URI.create("udp://127.0.0.1:53")))
                .assertNext(r -> {
                    assertThat(r.healthy()).isFalse();
                    assertThat(r.detail()).isEqualTo("HTTP 500 Internal Server Error: no UDP socket for you");
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void anUnsupportedSchemeIs400NamingTheField() {
        StepVerifier.create(probe.check(URI.create("gopher://127.0.0.1:70")))
                .assertNext(r -> {
                    assertThat(r.healthy()).isFalse();
                    assertThat(r.detail()).isEqualTo("HTTP 400 Bad Request: url: unsupported scheme 'gopher' "
                            + "(expected: http, https, tcp, udp or file)");
                })
                .expectComplete()
                .verify(WAIT);
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "?host=127.0.0.1:1                     | scheme  | missing scheme",
            "?scheme=http                          | host    | missing host",
            "?scheme=http&host=a:1&timeout=soon    | timeout | 'soon' (expected: milliseconds)",
            "?scheme=http&host=a:1&timeout=0       | timeout | 0ms (expected: 1ms to 5m)",
            "?scheme=http&host=a:1&timeout=3600000 | timeout | 3600000ms (expected: 1ms to 5m)",
            "?scheme=http&host=a:1/x               | host    | 'a:1/x' (expected: host or host:port)",
            "?scheme=http&host=a:1&path=health     | path    | 'health' does not start with '/'",
            "?scheme=file&path=relative            | path    | a file check needs an absolute path",
            "?scheme=http&scheme=tcp&host=a:1      | scheme  | given 2 times" })
    void badParametersAre400WithTheField(String query, String field, String problem) {
        StepVerifier.create(get("/godoxy/agent/health" + query))
                .assertNext(answer -> assertThat(answer)
                        .isEqualTo("400 {\"error\":\"" + field + ": " + problem + "\",\"field\":\"" + field + "\"}"))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void servesOnlyTheHealthEndpoint() {
        StepVerifier.create(get("/godoxy/agent/version"))
                .assertNext(answer -> assertThat(answer).startsWith("404"))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void bindIsColdAndEmitsTheListeningServer() {
        Mono<DisposableServer> bind = AgentServer.create(AgentServerConfig.of("127.0.0.1", 0), this::resolve).bind();

        StepVerifier.create(Mono.usingWhen(bind,
                        server -> agentProbe("/health", Duration.ofSeconds(3), server.port()).check(targetUrl("http")),
                        server -> {
                            server.dispose();
                            return server.onDispose();
                        }))
                .assertNext(r -> assertThat(r.healthy()).isTrue())
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void anInvalidConfigNamesTheField() {
        assertThatThrownBy(() -> AgentServerConfig.of(" ", 8890))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("agent.host"));
        assertThatThrownBy(() -> AgentServerConfig.of("0.0.0.0", 70_000))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("agent.port"));
    }

    /** The probes this agent runs: small real ones, as the unified factory would pick. */
    private Probe resolve(dev.healthmon.core.model.Target target, HealthCheckConfig config) {
        switch (target.url().getScheme()) {
            case "http":
                return url -> httpGet(url.resolve(config.path()));
            case "tcp":
                return this::tcpConnect;
            case "file":
                return url -> Mono.fromCallable(() -> Files.exists(Path.of(url))
                                ? HealthCheckResult.healthy(Duration.ZERO)
                                : HealthCheckResult.unhealthy("no such file: " + url.getPath()))
                        .subscribeOn(Schedulers.boundedElastic());
            case "udp":
                return url -> Mono.error(new IllegalStateException("no UDP socket for you"));
            default:
                throw new InvalidConfigException("url", "unsupported scheme '" + target.url().getScheme()
                        + "' (expected: http, https, tcp, udp or file)");
        }
    }

    private Mono<HealthCheckResult> httpGet(URI url) {
        return http.get()
                .uri(url)
                .responseSingle((res, body) -> body.asString().defaultIfEmpty("").map(ignored -> res.status()))
                .map(status -> new HealthCheckResult(status.code() < 500,
                        "HTTP " + status.code() + " " + status.reasonPhrase(), Duration.ofMillis(1)))
                .doOnCancel(() -> probeCancelled.tryEmitEmpty());
    }

    private Mono<HealthCheckResult> tcpConnect(URI url) {
        return TcpClient.create()
                .host(url.getHost())
                .port(url.getPort())
                .connect()
                .map(connection -> {
                    connection.dispose();
                    return HealthCheckResult.healthy(Duration.ofMillis(1));
                })
                .onErrorResume(ConnectException.class,
                        e -> Mono.just(HealthCheckResult.unhealthy("connection refused")));
    }

    private Mono<String> get(String uri) {
        return http.get()
                .uri("http://127.0.0.1:" + agent.port() + uri)
                .responseSingle((res, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> res.status().code() + " " + text));
    }

    private URI targetUrl(String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + target.port());
    }

    private AgentProbe agentProbe(String path, Duration timeout) {
        return agentProbe(path, timeout, agent.port());
    }

    private static AgentProbe agentProbe(String path, Duration timeout, int port) {
        HealthCheckConfig config = HealthCheckConfig.builder().path(path).timeout(timeout).build();
        return AgentProbe.create(URI.create("http://127.0.0.1:" + port), config, AgentClient.create());
    }
}
