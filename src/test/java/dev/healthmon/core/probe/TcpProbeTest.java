package dev.healthmon.core.probe;

import static dev.healthmon.core.probe.HttpProbeTest.assertResult;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;

class TcpProbeTest {

    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().timeout(Duration.ofSeconds(3)).build();

    private final Probes probes = Probes.create();
    private final Servers.ConnectionCounter connections = new Servers.ConnectionCounter();
    private DisposableServer server;

    @BeforeEach
    void startServer() {
        server = TcpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnConnection(connections::opened)
                .handle((in, out) -> out.sendString(in.receive()
                        .asString()
                        .filter(line -> line.startsWith("PING"))
                        .map(line -> "+PONG\r\n")))
                .bindNow();
    }

    @AfterEach
    void stopServer() {
        server.disposeNow();
    }

    @Test
    void passesWhenItConnectsAndClosesTheConnection() throws InterruptedException {
        assertResult(probes.stream(CONFIG), url("tcp"), true, "connected");

        assertThat(connections.closed.tryAcquire(1, 5, TimeUnit.SECONDS)).isTrue();
        assertThat(connections.open.get()).isZero();
    }

    @Test
    void passesAgainstAServerThatAcceptsAndNeverAnswers() {
        DisposableServer silent = Servers.silentTcp();
        try {
            assertResult(probes.stream(CONFIG), URI.create("tcp://127.0.0.1:" + silent.port()), true, "connected");
        }
        finally {
            silent.disposeNow();
        }
    }

    @Test
    void failsWhenRefused() {
        assertResult(probes.stream(CONFIG), URI.create("tcp://127.0.0.1:" + Servers.closedPort()), false,
                "connection refused");
    }

    @Test
    void failsWithoutAPort() {
        assertResult(probes.stream(CONFIG), URI.create("tcp://127.0.0.1"), false, "no port specified");
    }

    @Test
    void aTargetThatBlackHolesConnectionsIsAFailNeverAnError() throws Exception {
        try (Servers.BlackHole hole = new Servers.BlackHole()) {
            assertResult(probes.stream(CONFIG.withTimeout(Duration.ofMillis(500))),
                    URI.create("tcp://127.0.0.1:" + hole.port()), false, "timeout after 500ms");
        }
    }

    @Test
    void checksTheExpectedReplyToThePayload() {
        HealthCheckConfig redis = CONFIG.toBuilder().payload("PING\r\n").expect("+PONG").build();
        assertResult(probes.stream(redis), url("tcp"), true, "expected reply received");

        HealthCheckConfig wrong = CONFIG.toBuilder().payload("PING\r\n").expect("+OK").build();
        // the reply's length, never its bytes (DESIGN section 13)
        assertResult(probes.stream(wrong), url("tcp"), false, "unexpected reply of 7 bytes");
    }

    @Test
    void honoursTheAddressFamilyOfTheScheme() {
        assertResult(probes.stream(CONFIG), url("tcp4"), true, "connected");
        assertResult(probes.stream(CONFIG), URI.create("tcp4://[::1]:" + server.port()), false,
                "no IPv4 address for ::1");
        assertResult(probes.stream(CONFIG), URI.create("tcp6://127.0.0.1:" + server.port()), false,
                "no IPv6 address for 127.0.0.1");
    }

    @Test
    void connectsOverIpv6() {
        DisposableServer v6;
        try {
            v6 = TcpServer.create().host("::1").port(0).handle((in, out) -> in.receive().then()).bindNow();
        }
        catch (RuntimeException e) {
            Assumptions.abort("no IPv6 loopback on this machine: " + e);
            return;
        }
        try {
            assertResult(probes.stream(CONFIG), URI.create("tcp6://[::1]:" + v6.port()), true, "connected");
        }
        finally {
            v6.disposeNow();
        }
    }

    @Test
    void resolvesNamesAndFailsOnAnUnknownHost() {
        try (LoopbackDns dns = new LoopbackDns()) {
            Probe probe = dns.probes().stream(CONFIG);
            assertResult(probe, URI.create("tcp://db.test:" + server.port()), true, "connected");
            assertResult(probe, URI.create("tcp://nope.invalid:" + server.port()), false,
                    "unknown host nope.invalid");
        }
    }

    @Test
    void leavesNoConnectionOpenAfterManyChecks() throws InterruptedException {
        int checks = 1_000;
        Probe probe = probes.stream(CONFIG);

        StepVerifier.create(Flux.range(0, checks)
                        .flatMap(i -> probe.check(url("tcp")), 8)
                        .filter(HealthCheckResult::healthy)
                        .count())
                .expectNext((long) checks)
                .expectComplete()
                .verify(Duration.ofSeconds(60));

        // every connection the server accepted was closed: a leak would leave them open after the checks
        assertThat(connections.closed.tryAcquire(checks, 10, TimeUnit.SECONDS)).isTrue();
        assertThat(connections.accepted.get()).isEqualTo(checks);
        assertThat(connections.open.get()).isZero();
    }

    @Test
    void startsItsCheckOnAnEventLoopOfItsClientNotOnTheThreadThatAskedForIt() {
        AtomicReference<Thread> connecting = new AtomicReference<>();
        TcpClient client = TcpClient.newConnection().doOnConnect(config -> connecting.set(Thread.currentThread()));
        Probe probe = new TcpProbe(Map.of(Endpoint.Family.ANY, client, Endpoint.Family.IPV4, client,
                Endpoint.Family.IPV6, client), CONFIG, Schedulers.parallel());

        StepVerifier.create(probe.check(url("tcp")))
                .assertNext(r -> assertThat(r.healthy()).isTrue())
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        assertThat(connecting.get()).isNotSameAs(Thread.currentThread());
        assertThat(client.configuration().loopResources().onClient(client.configuration().isPreferNative()))
                .anyMatch(loop -> loop.inEventLoop(connecting.get()));
    }

    @Test
    void cancellingAConnectEndsTheCheckAtOnce() throws Exception {
        try (Servers.BlackHole hole = new Servers.BlackHole()) {
            StepVerifier.create(probes.stream(CONFIG).check(URI.create("tcp://127.0.0.1:" + hole.port())))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(200))
                    .thenCancel()
                    .verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void cancellingACheckThatWaitsForAReplyClosesItsConnection() throws InterruptedException {
        Servers.ConnectionCounter silentConnections = new Servers.ConnectionCounter();
        DisposableServer silent = TcpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnConnection(silentConnections::opened)
                .handle((in, out) -> in.receive().then())
                .bindNow();
        try {
            HealthCheckConfig config = CONFIG.toBuilder().payload("PING\r\n").expect("+PONG").build();
            StepVerifier.create(probes.stream(config).check(URI.create("tcp://127.0.0.1:" + silent.port())))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(200))
                    .thenCancel()
                    .verify(Duration.ofSeconds(5));

            assertThat(silentConnections.closed.tryAcquire(1, 5, TimeUnit.SECONDS)).isTrue();
            assertThat(silentConnections.accepted.get()).isEqualTo(1);
            assertThat(silentConnections.open.get()).isZero();
        }
        finally {
            silent.disposeNow();
        }
    }

    private URI url(String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + server.port());
    }
}
