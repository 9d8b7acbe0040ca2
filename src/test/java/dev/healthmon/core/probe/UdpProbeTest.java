package dev.healthmon.core.probe;

import static dev.healthmon.core.probe.HttpProbeTest.assertCheckedResult;
import static dev.healthmon.core.probe.HttpProbeTest.assertResult;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.Connection;
import reactor.netty.udp.UdpServer;
import reactor.test.StepVerifier;

class UdpProbeTest {

    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().timeout(Duration.ofSeconds(2)).build();

    private final Probes probes = Probes.create();
    private Connection echo;
    private Connection silent;

    @BeforeEach
    void startServers() {
        echo = UdpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((in, out) -> out.sendObject(in.receiveObject()
                        .cast(DatagramPacket.class)
                        .map(packet -> new DatagramPacket(packet.content().retain(), packet.sender()))))
                .bindNow();
        silent = UdpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((in, out) -> in.receive().then())
                .bindNow();
    }

    @AfterEach
    void stopServers() {
        echo.disposeNow();
        silent.disposeNow();
    }

    @Test
    void passesWhenTheTargetAnswers() {
        assertResult(probes.stream(CONFIG), url(echo), true, "reply received");
    }

    @Test
    void passesWhenNoRefusalArrivesWithinTheWait() {
        // the wait is half the timeout when that is shorter than a second
        assertResult(probes.stream(CONFIG.withTimeout(Duration.ofMillis(400))), url(silent), true,
                "no refusal within 200ms");
        assertResult(probes.stream(CONFIG), url(silent), true, "no refusal within 1s");
    }

    @Test
    void failsWithConnectionRefusedOnAClosedPort() {
        Connection closed = UdpServer.create().host("127.0.0.1").port(0).bindNow();
        URI url = url(closed);
        closed.disposeNow();

        assertResult(probes.stream(CONFIG), url, false, "connection refused");
    }

    @Test
    void sendsThePayloadAndChecksTheExpectedReply() {
        HealthCheckConfig ping = CONFIG.toBuilder().payload("ping").expect("ping").build();
        assertResult(probes.stream(ping), url(echo), true, "expected reply received");

        HealthCheckConfig pong = CONFIG.toBuilder().payload("ping").expect("pong").build();
        assertResult(probes.stream(pong), url(echo), false, "unexpected reply of 4 bytes");
    }

    @Test
    void anExpectedReplyThatNeverComesIsATimeout() {
        HealthCheckConfig ping = CONFIG.toBuilder().timeout(Duration.ofMillis(300)).payload("ping").expect("ping")
                .build();

        // the probe sets no timer of its own: the monitor's bounded check ends it
        assertCheckedResult(probes.stream(ping), ping, url(silent), false, "timeout after 300ms");
    }

    @Test
    void anExpectedReplyFromAClosedPortIsRefused() {
        Connection closed = UdpServer.create().host("127.0.0.1").port(0).bindNow();
        URI url = url(closed);
        closed.disposeNow();
        HealthCheckConfig ping = CONFIG.toBuilder().payload("ping").expect("ping").build();

        assertResult(probes.stream(ping), url, false, "connection refused");
    }

    @Test
    void failsWithoutAPort() {
        assertResult(probes.stream(CONFIG), URI.create("udp://127.0.0.1"), false, "no port specified");
    }

    @Test
    void honoursTheAddressFamilyOfTheScheme() {
        URI v4 = url(echo);
        assertResult(probes.stream(CONFIG), URI.create("udp4://127.0.0.1:" + v4.getPort()), true, "reply received");
        assertResult(probes.stream(CONFIG), URI.create("udp6://127.0.0.1:" + v4.getPort()), false,
                "no IPv6 address for 127.0.0.1");
    }

    @Test
    void leavesNoSocketOpenAfterManyChecks() throws Exception {
        Path descriptors = Path.of("/proc/self/fd");
        Assumptions.assumeTrue(Files.isDirectory(descriptors), "needs /proc/self/fd to count open sockets");
        int checks = 500;
        Probe probe = probes.stream(CONFIG);
        // warm up the event loops, whose own descriptors are not the probe's to close
        assertResult(probe, url(echo), true, "reply received");
        long before = count(descriptors);

        StepVerifier.create(Flux.range(0, checks)
                        .flatMap(i -> probe.check(url(echo)), 8)
                        .filter(HealthCheckResult::healthy)
                        .count())
                .expectNext((long) checks)
                .expectComplete()
                .verify(Duration.ofSeconds(60));

        // each check has its socket closed right after its result (at most 8 closes can still be queued on
        // the event loops); a leak would add one descriptor per check
        assertThat(count(descriptors)).isLessThanOrEqualTo(before + 16);
    }

    private static long count(Path descriptors) throws Exception {
        try (Stream<Path> open = Files.list(descriptors)) {
            return open.count();
        }
    }

    private static URI url(Connection server) {
        return URI.create("udp://127.0.0.1:" + ((InetSocketAddress) server.address()).getPort());
    }
}
