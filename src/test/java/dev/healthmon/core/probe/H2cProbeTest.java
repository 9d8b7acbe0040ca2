package dev.healthmon.core.probe;

import static dev.healthmon.core.probe.HttpProbeTest.assertResult;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

class H2cProbeTest {

    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().timeout(Duration.ofSeconds(3)).build();

    private final Probes probes = Probes.create();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> protocol = new AtomicReference<>();
    private final Servers.ConnectionCounter connections = new Servers.ConnectionCounter();
    private DisposableServer h2cOnly;

    @BeforeEach
    void startServer() {
        h2cOnly = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .protocol(HttpProtocol.H2C)
                .doOnConnection(connections::opened)
                .handle((req, res) -> {
                    protocol.set(req.protocol());
                    return res.status(status.get()).send();
                })
                .bindNow();
    }

    @AfterEach
    void stopServer() {
        h2cOnly.disposeNow();
    }

    @Test
    void passesOverHttp2WithPriorKnowledge() {
        assertResult(probes.h2c(CONFIG), url(), true, "HTTP 200 OK");

        assertThat(protocol.get()).isEqualTo("HTTP/2.0");
    }

    @Test
    void reportsUnhealthyOn503() {
        status.set(503);

        assertResult(probes.h2c(CONFIG), url(), false, "HTTP 503 Service Unavailable");
    }

    @Test
    void anHttp1RequestToAnH2cOnlyServerDoesNotPass() {
        StepVerifier.create(probes.http(CONFIG).check(URI.create("http://127.0.0.1:" + h2cOnly.port())))
                .assertNext(r -> assertThat(r.healthy()).isFalse())
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void failsWhenRefused() {
        assertResult(probes.h2c(CONFIG), URI.create("h2c://127.0.0.1:" + Servers.closedPort()), false,
                "connection refused");
    }

    @Test
    void leavesNoConnectionOpenAfterManyChecks() throws InterruptedException {
        int checks = 1_000;
        Probe probe = probes.h2c(CONFIG);

        StepVerifier.create(Flux.range(0, checks)
                        .flatMap(i -> probe.check(url()), 4)
                        .filter(HealthCheckResult::healthy)
                        .count())
                .expectNext((long) checks)
                .expectComplete()
                .verify(Duration.ofSeconds(120));

        assertThat(connections.closed.tryAcquire(connections.accepted.get(), 10, TimeUnit.SECONDS)).isTrue();
        assertThat(connections.open.get()).isZero();
        assertThat(connections.peak.get()).isLessThanOrEqualTo(checks / 10);
    }

    private URI url() {
        return URI.create("h2c://127.0.0.1:" + h2cOnly.port());
    }
}
