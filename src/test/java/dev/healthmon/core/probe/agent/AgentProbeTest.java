package dev.healthmon.core.probe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.InvalidConfigException;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.test.StepVerifier;

/**
 * The agent probe against a real HTTP server answering as an agent does, with canned answers chosen by the
 * checked host.
 */
class AgentProbeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder()
            .path("/health").timeout(Duration.ofSeconds(3)).build();

    private DisposableServer agent;
    private AgentProbe probe;

    @BeforeEach
    void startAgent() {
        agent = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/godoxy/agent/health", AgentProbeTest::answer))
                .bindNow();
        probe = AgentProbe.create(URI.create("http://127.0.0.1:" + agent.port()), CONFIG, AgentClient.create());
    }

    @AfterEach
    void stopAgent() {
        agent.disposeNow();
    }

    @Test
    void sendsTheTargetPathAndTimeoutTheAgentRebuildsTheCheckFrom() {
        StepVerifier.create(probe.check(URI.create("http://echo:8080/api")))
                .assertNext(r -> {
                    assertThat(r.healthy()).isTrue();
                    assertThat(r.detail()).isEqualTo("scheme=http host=echo:8080 path=/api/health timeout=3000");
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void passesWhenTheAgentReportsHealthyWithItsLatencyInNanoseconds() {
        StepVerifier.create(probe.check(URI.create("http://healthy:80")))
                .assertNext(r -> {
                    assertThat(r.healthy()).isTrue();
                    assertThat(r.detail()).isEmpty();
                    assertThat(r.latency()).isEqualTo(Duration.ofNanos(12_345_678));
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void failsWhenTheAgentReportsUnhealthy() {
        StepVerifier.create(probe.check(URI.create("http://unhealthy:80")))
                .assertNext(r -> {
                    assertThat(r.healthy()).isFalse();
                    assertThat(r.detail()).isEqualTo("HTTP 503 Service Unavailable");
                    assertThat(r.latency()).isEqualTo(Duration.ofMillis(2));
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void anAnswerOtherThan200IsAFailWithTheCodeAndBody() {
        StepVerifier.create(probe.check(URI.create("http://gateway:80")))
                .assertNext(r -> {
                    assertThat(r.healthy()).isFalse();
                    assertThat(r.detail()).isEqualTo("HTTP 502 Bad Gateway: upstream agent is restarting");
                })
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(probe.check(URI.create("http://error:80")))
                .assertNext(r -> {
                    assertThat(r.healthy()).isFalse();
                    assertThat(r.detail()).isEqualTo("HTTP 500 Internal Server Error: dial tcp: no route to host");
                })
                .expectComplete()
                .verify(WAIT);
    }

    @ParameterizedTest
    @CsvSource({ "notjson, not JSON", "nohealthy, no boolean \"healthy\"", "badlatency, \"latency\" is not" })
    void anInvalidAnswerIsACheckError(String host, String why) {
        StepVerifier.create(probe.check(URI.create("http://" + host + ":80")))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(AgentCheckException.class)
                        .hasMessageStartingWith("invalid answer from agent http://127.0.0.1:" + agent.port())
                        .hasMessageContaining(why))
                .verify(WAIT);
    }

    @Test
    void anUnreachableAgentIsACheckError() {
        DisposableServer gone = HttpServer.create().host("127.0.0.1").port(0).bindNow();
        int port = gone.port();
        gone.disposeNow();
        AgentProbe unreachable = AgentProbe.create(URI.create("http://127.0.0.1:" + port), CONFIG,
                AgentClient.create());

        StepVerifier.create(unreachable.check(URI.create("http://healthy:80")))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(AgentCheckException.class)
                        .hasMessageStartingWith("agent http://127.0.0.1:" + port + " unreachable: ")
                        .hasMessageContaining("Connection refused"))
                .verify(WAIT);
    }

    @ParameterizedTest(name = "{0} with path {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "http://10.0.0.5:3000       | /       | ?scheme=http&host=10.0.0.5%3A3000&path=%2F&timeout=3000",
            "https://app.lan            | /health | ?scheme=https&host=app.lan&path=%2Fhealth&timeout=3000",
            "http://app.lan/api/        | /health | ?scheme=http&host=app.lan&path=%2Fapi%2Fhealth&timeout=3000",
            "http://app.lan/api         | /       | ?scheme=http&host=app.lan&path=%2Fapi%2F&timeout=3000",
            "http://app.lan/api?v=1 | /health | ?scheme=http&host=app.lan&path=%2Fapi%2Fhealth%3Fv%3D1&timeout=3000",
            "http://app.lan?v=1         | /       | ?scheme=http&host=app.lan&path=%2F%3Fv%3D1&timeout=3000",
            "tcp4://db:5432             | /health | ?scheme=tcp4&host=db%3A5432&timeout=3000",
            "h2c://[::1]:9000           | /       | ?scheme=h2c&host=%5B%3A%3A1%5D%3A9000&path=%2F&timeout=3000",
            "tcp://db:5432              | /health | ?scheme=tcp&host=db%3A5432&timeout=3000",
            "file:///srv/www            | /health | ?scheme=file&path=%2Fsrv%2Fwww&timeout=3000" })
    void namesTheTargetInTheQuery(String url, String path, String query) {
        HealthCheckConfig config = HealthCheckConfig.builder().path(path).timeout(Duration.ofSeconds(3)).build();
        AgentProbe withBasePath = AgentProbe.create(URI.create("https://agent.lan:8890/"), config,
                AgentClient.create());

        assertThat(withBasePath.requestUri(URI.create(url)))
                .isEqualTo("https://agent.lan:8890/godoxy/agent/health" + query);
    }

    @Test
    void anAgentUrlThatIsNotHttpNamesTheField() {
        assertThatThrownBy(() -> AgentProbe.create(URI.create("tcp://agent.lan:8890"), CONFIG, AgentClient.create()))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("agent"));
        assertThatThrownBy(() -> AgentProbe.create(URI.create("https://agent.lan:8890/?x=1"), CONFIG,
                AgentClient.create()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("no query");
    }

    @Test
    void tlsFilesMustComeInPairsAndBeReadable(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("client.crt");
        assertThatThrownBy(() -> new AgentTls(cert, null, null))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("tls.key"));
        assertThatThrownBy(() -> new AgentTls(null, cert, null))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("tls.certificate"));
        assertThatThrownBy(() -> AgentClient.create(new AgentTls(null, null, dir.resolve("missing-ca.pem"))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("tls.ca"))
                .hasMessageContaining("cannot read");

        Path garbage = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(() -> AgentClient.create(new AgentTls(null, null, garbage)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("tls"));
    }

    /** Answers as an agent would, picking the canned answer by the {@code host} asked about. */
    private static org.reactivestreams.Publisher<Void> answer(HttpServerRequest req, HttpServerResponse res) {
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        String host = query.parameters().get("host").get(0);
        String name = host.substring(0, host.indexOf(':'));
        res.header("Content-Type", "application/json");
        switch (name) {
            case "echo":
                return res.sendString(Mono.just("{\"healthy\":true,\"detail\":\"scheme="
                        + query.parameters().get("scheme").get(0) + " host=" + host + " path="
                        + query.parameters().get("path").get(0) + " timeout="
                        + query.parameters().get("timeout").get(0) + "\",\"latency\":1000}"));
            case "healthy":
                return res.sendString(Mono.just("{\"healthy\":true,\"detail\":\"\",\"latency\":12345678}"));
            case "unhealthy":
                return res.sendString(Mono.just(
                        "{\"healthy\":false,\"detail\":\"HTTP 503 Service Unavailable\",\"latency\":2000000}"));
            case "gateway":
                return res.status(502).header("Content-Type", "text/plain")
                        .sendString(Mono.just("upstream agent is restarting\n"));
            case "error":
                return res.status(500).sendString(Mono.just("{\"error\":\"dial tcp: no route to host\"}"));
            case "notjson":
                return res.sendString(Mono.just("<html>hello</html>"));
            case "nohealthy":
                return res.sendString(Mono.just("{\"detail\":\"\",\"latency\":1}"));
            case "badlatency":
                return res.sendString(Mono.just("{\"healthy\":true,\"latency\":-5}"));
            default:
                return res.status(404).send();
        }
    }
}
