package dev.healthmon.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.TcpServer;
import reactor.netty.udp.UdpServer;

/**
 * The egress policy on real checks, every kind that connects (DESIGN section 13). Every target is on loopback:
 * the denied ones listen on 127.0.0.2, which the policy denies explicitly, so a broken policy reaches a local
 * server, never another address. "Never a connection" is proved by each server's count of what it accepted,
 * read after one control connection made past the policy.
 */
class EgressProbeTest {

    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().timeout(Duration.ofSeconds(3)).build();
    private static final EgressPolicy DENY_127_0_0_2 = EgressPolicy.of(List.of(), List.of("127.0.0.2/32"));

    private final AtomicInteger deniedAccepted = new AtomicInteger();
    private final AtomicInteger datagrams = new AtomicInteger();
    private DisposableServer denied;
    private DisposableServer allowed;
    private Connection deniedUdp;

    @BeforeEach
    void startServers() {
        denied = HttpServer.create()
                .host("127.0.0.2")
                .port(0)
                // every connection accepted, before any byte of a request
                .doOnChannelInit((observer, channel, remote) -> deniedAccepted.incrementAndGet())
                .route(routes -> routes.get("/**", (request, response) -> response.sendString(Mono.just("{}"))))
                .bindNow();
        allowed = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/**", (request, response) -> response.sendString(Mono.just("ok"))))
                .bindNow();
        deniedUdp = UdpServer.create()
                .host("127.0.0.2")
                .port(0)
                .handle((in, out) -> in.receive().doOnNext(datagram -> datagrams.incrementAndGet()).then())
                .bindNow();
    }

    @AfterEach
    void stopServers() {
        denied.disposeNow();
        allowed.disposeNow();
        deniedUdp.disposeNow();
    }

    @Test
    void deniedHttpH2cAndTcpChecksFailWithoutConnecting() {
        Probes probes = Probes.create(DENY_127_0_0_2);
        for (String scheme : List.of("http", "h2c", "tcp", "tcp4")) {
            URI url = URI.create(scheme + "://127.0.0.2:" + denied.port() + "/");
            assertDenied(probes.probeFor("denied", Target.of(url), CONFIG).check(url).block(Duration.ofSeconds(5)));
        }
        assertNothingAcceptedBeforeAControlConnection();
    }

    @Test
    void aDeniedUdpCheckSendsNoDatagram() {
        Probes probes = Probes.create(DENY_127_0_0_2);
        URI url = URI.create("udp://127.0.0.2:" + ((java.net.InetSocketAddress) deniedUdp.address()).getPort());
        assertDenied(probes.stream(CONFIG).check(url).block(Duration.ofSeconds(5)));

        // a control datagram past the policy arrives, and it is the only one
        URI control = URI.create("udp://127.0.0.2:" + ((java.net.InetSocketAddress) deniedUdp.address()).getPort());
        Probes.create(EgressPolicy.unrestricted()).stream(CONFIG).check(control).block(Duration.ofSeconds(5));
        awaitAtLeast(datagrams, 1);
        assertThat(datagrams.get()).isEqualTo(1);
    }

    @Test
    void aDeniedAgentIsAFailAndIsNeverCalled() {
        Probes probes = Probes.create(DENY_127_0_0_2);
        URI url = URI.create("http://127.0.0.1:" + allowed.port());
        Target target = new Target(url, null, URI.create("http://127.0.0.2:" + denied.port()));
        assertDenied(probes.probeFor("remote", target, CONFIG).check(url).block(Duration.ofSeconds(5)));
        assertNothingAcceptedBeforeAControlConnection();
    }

    @Test
    void aDeniedDockerDaemonOverTcpIsNeverCalled() {
        Probes probes = Probes.create(DENY_127_0_0_2);
        URI url = URI.create("http://127.0.0.1:" + allowed.port());
        Target target = new Target(url, new Target.DockerTarget("web",
                URI.create("tcp://127.0.0.2:" + denied.port())), null);
        // the daemon cannot be asked, so the check falls back to the URL, which is allowed
        HealthCheckResult result = probes.probeFor("web", target, CONFIG).check(url).block(Duration.ofSeconds(5));
        assertThat(result).isNotNull();
        assertThat(result.healthy()).isTrue();
        assertNothingAcceptedBeforeAControlConnection();
    }

    @Test
    void anAllowedTargetIsCheckedAsUsual() {
        Probes probes = Probes.create(DENY_127_0_0_2);
        for (String scheme : List.of("http", "tcp")) {
            URI url = URI.create(scheme + "://127.0.0.1:" + allowed.port() + "/");
            HealthCheckResult result = probes.probeFor("ok", Target.of(url), CONFIG).check(url)
                    .block(Duration.ofSeconds(5));
            assertThat(result).isNotNull();
            assertThat(result.healthy()).as(scheme).isTrue();
        }
        // allow wins over deny
        Probes excepted = Probes.create(EgressPolicy.of(List.of("127.0.0.2"), List.of("127.0.0.0/8")));
        URI url = URI.create("tcp://127.0.0.2:" + denied.port());
        HealthCheckResult result = excepted.stream(CONFIG).check(url).block(Duration.ofSeconds(5));
        assertThat(result).isNotNull();
        assertThat(result.healthy()).isTrue();
    }

    @Test
    void aNameThatResolvesToADeniedAddressIsDenied() {
        Probes probes = Probes.create(EgressPolicy.of(List.of(), List.of("127.0.0.0/8", "::1")));
        AtomicInteger accepted = new AtomicInteger();
        DisposableServer local = TcpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnChannelInit((observer, channel, remote) -> accepted.incrementAndGet())
                .bindNow();
        try {
            for (String scheme : List.of("http", "tcp")) {
                URI url = URI.create(scheme + "://localhost:" + local.port() + "/");
                assertDenied(probes.probeFor("local", Target.of(url), CONFIG).check(url)
                        .block(Duration.ofSeconds(5)));
            }
            URI control = URI.create("tcp://127.0.0.1:" + local.port());
            Probes.create(EgressPolicy.unrestricted()).stream(CONFIG).check(control).block(Duration.ofSeconds(5));
            awaitAtLeast(accepted, 1);
            assertThat(accepted.get()).isEqualTo(1);
        }
        finally {
            local.disposeNow();
        }
    }

    private void assertNothingAcceptedBeforeAControlConnection() {
        URI control = URI.create("tcp://127.0.0.2:" + denied.port());
        HealthCheckResult result = Probes.create(EgressPolicy.unrestricted()).stream(CONFIG).check(control)
                .block(Duration.ofSeconds(5));
        assertThat(result).isNotNull();
        assertThat(result.healthy()).isTrue();
        awaitAtLeast(deniedAccepted, 1);
        assertThat(deniedAccepted.get()).as("connections accepted, the control one included").isEqualTo(1);
    }

    private static void assertDenied(HealthCheckResult result) {
        assertThat(result).isNotNull();
        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).isEqualTo(EgressPolicy.DENIED);
    }

    // the server counts on its own event loop: wait for it, bounded, without sleeping
    private static void awaitAtLeast(AtomicInteger count, int expected) {
        Mono.fromCallable(count::get)
                .filter(value -> value >= expected)
                .repeatWhenEmpty(100, attempts -> attempts.delayElements(Duration.ofMillis(20)))
                .block(Duration.ofSeconds(5));
    }
}
