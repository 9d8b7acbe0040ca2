package dev.healthmon.core.probe;

import static dev.healthmon.core.probe.HttpProbeTest.assertResult;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.healthmon.core.model.HealthCheckConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;

/**
 * The kept-alive HTTP/1.1 checks of {@code http://} URLs ({@link KeptHttp1}) against targets that answer in the
 * ways a real one may and Reactor Netty's test server would not: written byte for byte. {@link HttpProbeTest} runs
 * the common cases (statuses, headers, reuse, cancel, closes) through the same path.
 */
class KeptHttp1Test {

    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().timeout(Duration.ofSeconds(3)).build();

    private final Probes probes = Probes.create();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final Semaphore closed = new Semaphore(0);
    private DisposableServer server;

    @AfterEach
    void stop() {
        probes.dispose();
        if (server != null) {
            server.disposeNow();
        }
    }

    @Test
    void aHeadCheckDoesNotWaitForTheBodyItsHeadersAnnounce() {
        // a HEAD response says how long the body would be, and has none: a decoder that waited for it would hold
        // the check for the drain time and then close the connection
        URI url = answering("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
        Probe probe = probes.http(CONFIG.toBuilder().method("HEAD").build());

        for (int i = 0; i < 3; i++) {
            assertResult(probe, url, true, "HTTP 200 OK");
        }

        assertThat(requests.get()).isEqualTo(3);
        assertThat(opened.get()).isEqualTo(1);
        assertThat(closed.availablePermits()).isZero();
    }

    @Test
    void anInterimAnswerIsFollowedByTheResponseThatCounts() {
        URI url = answering("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");

        assertResult(probes.http(CONFIG), url, false, "HTTP 503 Service Unavailable");
    }

    @Test
    void aBodyThatStopsComingClosesTheConnectionAfterTheDrainTimeAndTheResultStands() throws InterruptedException {
        // ten bytes announced, three sent, and the connection left open
        URI url = answering("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        Probe probe = probes.http(CONFIG);

        assertResult(probe, url, true, "HTTP 200 OK");
        assertThat(closed.tryAcquire(1, 5, TimeUnit.SECONDS)).isTrue();
        assertResult(probe, url, true, "HTTP 200 OK");

        assertThat(opened.get()).isEqualTo(2);
    }

    @Test
    void aResponseThatSaysConnectionCloseIsNotKept() throws InterruptedException {
        // the target says it will close, and does not: the probe closes
        URI url = answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        Probe probe = probes.http(CONFIG);

        assertResult(probe, url, true, "HTTP 200 OK");
        assertThat(closed.tryAcquire(1, 5, TimeUnit.SECONDS)).isTrue();
        assertResult(probe, url, true, "HTTP 200 OK");

        assertThat(opened.get()).isEqualTo(2);
    }

    @Test
    void anHttp10ResponseWithoutKeepAliveIsNotKept() throws InterruptedException {
        URI url = answering("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
        Probe probe = probes.http(CONFIG);

        assertResult(probe, url, true, "HTTP 200 OK");
        assertThat(closed.tryAcquire(1, 5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anAnswerThatIsNotHttpFailsTheCheckAndClosesTheConnection() throws InterruptedException {
        URI url = answering("SSH-2.0-OpenSSH_9.2\r\n\r\n");

        // the decoder's message would quote the target's bytes: the detail names the failure only
        assertResult(probes.http(CONFIG), url, false, "invalid response (DecoderException)");
        assertThat(closed.tryAcquire(1, 5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anAnswerNobodyAskedForClosesTheConnectionAndNoCheckTakesItForItsOwn() throws InterruptedException {
        // a second response after the first, to a request that was never sent
        URI url = answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
        Probe probe = probes.http(CONFIG);

        assertResult(probe, url, true, "HTTP 200 OK");
        assertThat(closed.tryAcquire(1, 5, TimeUnit.SECONDS)).isTrue();
        assertResult(probe, url, true, "HTTP 200 OK");

        assertThat(opened.get()).isEqualTo(2);
    }

    @Test
    void aConnectionIdleLongerThanTheIdleTimeIsClosedByTheSweepAndOnlyThen() throws InterruptedException {
        URI url = answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        Probe probe = probes.http(CONFIG);
        assertResult(probe, url, true, "HTTP 200 OK");

        // swept now, it was idle for less than the idle time: kept, and the next check uses it
        probes.sweepKeptConnections(System.nanoTime());
        assertResult(probe, url, true, "HTTP 200 OK");
        assertThat(opened.get()).isEqualTo(1);

        // swept as if the idle time had gone by: closed, and the next check opens another
        probes.sweepKeptConnections(System.nanoTime() + Probes.KEPT_IDLE.toNanos() + 1);
        assertThat(closed.tryAcquire(1, 5, TimeUnit.SECONDS)).isTrue();
        assertResult(probe, url, true, "HTTP 200 OK");
        assertThat(opened.get()).isEqualTo(2);
    }

    @Test
    void disposingTheProbesClosesTheKeptConnections() throws InterruptedException {
        URI url = answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertResult(probes.http(CONFIG), url, true, "HTTP 200 OK");

        probes.dispose();

        assertThat(closed.tryAcquire(1, 5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTargetThatClosesBeforeAnsweringAFreshConnectionFailsTheCheckOnce() {
        // only a kept connection's close is retried: a new one that closes is the target's failure
        server = TcpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnChannelInit((observer, channel, address) -> opened.incrementAndGet())
                .handle((in, out) -> in.receive().next().then())
                .bindNow();

        StepVerifier.create(probes.http(CONFIG).check(URI.create("http://127.0.0.1:" + server.port())))
                .assertNext(r -> {
                    assertThat(r.healthy()).isFalse();
                    assertThat(r.detail()).isIn("connection closed before the response", "connection reset");
                })
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(opened.get()).isEqualTo(1);
    }

    // a target that answers each request (each ends with an empty line) with reply, written as it is
    private URI answering(String reply) {
        server = TcpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnChannelInit((observer, channel, address) -> {
                    opened.incrementAndGet();
                    channel.closeFuture().addListener(done -> closed.release());
                })
                .handle((in, out) -> in.receive()
                        .asString()
                        // checks come one at a time: a read holds whole requests
                        .concatMapIterable(read -> Collections.nCopies(read.split("\r\n\r\n", -1).length - 1, read))
                        .doOnNext(request -> requests.incrementAndGet())
                        .concatMap(request -> out.sendString(Mono.just(reply)).then(), 1)
                        .then(Mono.never()))
                .bindNow();
        return URI.create("http://127.0.0.1:" + server.port() + "/health");
    }
}
