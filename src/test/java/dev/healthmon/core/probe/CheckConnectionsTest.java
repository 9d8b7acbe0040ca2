package dev.healthmon.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.schedule.MonitorLoop;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.core.schedule.Monitors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.Disposable;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The connection of a check that ends without an answer: against a black hole (a real server on port 0 that
 * accepts, reads and never answers: no HTTP response, no HTTP/2 settings, no TLS server hello, no reply to a TCP
 * payload), a check that is cancelled or times out closes the connection it opened, in every mode a monitor
 * checks in, and so do monitors that stop; and the probes close every connection still open when they are
 * disposed, as the service does when it stops. Waits are bounded, never timed: each waits for the server to see
 * what it expects.
 */
class CheckConnectionsTest {

    private static final Duration LONG = Duration.ofSeconds(30);
    private static final HealthCheckConfig KEPT = HealthCheckConfig.builder().timeout(LONG).tlsVerify(false).build();
    private static final HealthCheckConfig NEW = KEPT.toBuilder().reuseConnection(false).build();
    private static final HealthCheckConfig TCP = KEPT.toBuilder().payload("PING\r\n").expect("+PONG").build();

    private final Probes probes = Probes.create();
    private final Servers.ConnectionCounter connections = new Servers.ConnectionCounter();
    // released at the first bytes of each connection: the check has sent its request, handshake or payload and
    // waits for an answer
    private final Semaphore received = new Semaphore(0);
    private DisposableServer hole;

    @BeforeEach
    void startBlackHole() {
        hole = TcpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnConnection(connections::opened)
                .handle((in, out) -> {
                    AtomicBoolean first = new AtomicBoolean(true);
                    // reads to the end, never cancels: cancelling the inbound would close the connection here
                    return in.receive()
                            .doOnNext(bytes -> {
                                if (first.getAndSet(false)) {
                                    received.release();
                                }
                            })
                            .then();
                })
                .bindNow();
    }

    @AfterEach
    void stop() {
        probes.dispose();
        hole.disposeNow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "http kept alive, http",
            "http one connection per check, http-new",
            "h2c kept alive, h2c",
            "h2c one connection per check, h2c-new",
            "https with a stalled handshake kept alive, https",
            "https with a stalled handshake one connection per check, https-new",
            "tcp waiting for a reply, tcp"
    })
    void aCancelledCheckClosesItsConnection(String name, String mode) throws InterruptedException {
        Disposable check = probe(mode).check(url(mode)).subscribe();
        assertThat(received.tryAcquire(5, TimeUnit.SECONDS)).as("the target read the check's first bytes").isTrue();

        check.dispose();

        assertThat(connections.closed.tryAcquire(5, TimeUnit.SECONDS)).as("the connection closed").isTrue();
        assertThat(connections.accepted.get()).isEqualTo(1);
        assertThat(connections.open.get()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "http kept alive, http",
            "http one connection per check, http-new",
            "h2c kept alive, h2c",
            "h2c one connection per check, h2c-new",
            "https with a stalled handshake kept alive, https",
            "https with a stalled handshake one connection per check, https-new",
            "tcp waiting for a reply, tcp"
    })
    void aCheckThatTimesOutClosesItsConnection(String name, String mode) throws InterruptedException {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        Duration timeout = Duration.ofSeconds(2);

        StepVerifier.withVirtualTime(() -> MonitorLoop.check(probe(mode), url(mode), timeout, time), () -> time, 1)
                .expectSubscription()
                .then(() -> assertThat(acquire(received)).as("the target read the check's first bytes").isTrue())
                .thenAwait(timeout)
                .assertNext(result -> assertThat(result).isEqualTo(HealthCheckResult.timedOut(timeout)))
                .expectComplete()
                .verify(Duration.ofSeconds(10));

        assertThat(connections.closed.tryAcquire(5, TimeUnit.SECONDS)).as("the connection closed").isTrue();
        assertThat(connections.open.get()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "http kept alive, http",
            "http one connection per check, http-new",
            "h2c kept alive, h2c",
            "h2c one connection per check, h2c-new",
            "https with a stalled handshake kept alive, https",
            "https with a stalled handshake one connection per check, https-new",
            "tcp waiting for a reply, tcp"
    })
    void disposingTheProbesClosesTheConnectionOfACheckStillRunning(String name, String mode)
            throws InterruptedException {
        // never cancelled: what the service leaves running when it stops is for the probes to close
        Disposable running = probe(mode).check(url(mode)).subscribe();
        assertThat(received.tryAcquire(5, TimeUnit.SECONDS)).as("the target read the check's first bytes").isTrue();

        probes.dispose();

        assertThat(connections.closed.tryAcquire(5, TimeUnit.SECONDS)).as("the connection closed").isTrue();
        assertThat(connections.open.get()).isZero();
        running.dispose();
    }

    @Test
    void stoppingTheMonitorsClosesTheConnectionsOfTheirRunningChecks() throws InterruptedException {
        List<String> modes = List.of("http", "http-new", "h2c", "h2c-new", "https", "https-new", "tcp");
        MonitorRegistry registry = MonitorRegistry.create();
        try {
            for (String mode : modes) {
                registry.add(Monitors.of(mode, mode.equals("tcp") ? TCP : mode.endsWith("-new") ? NEW : KEPT,
                        url(mode), probe(mode)));
            }
            assertThat(received.tryAcquire(modes.size(), 5, TimeUnit.SECONDS)).as("the target read every check")
                    .isTrue();
        }
        finally {
            // what the service does first when it stops; the probes are disposed after the test
            registry.dispose();
        }

        assertThat(connections.closed.tryAcquire(modes.size(), 5, TimeUnit.SECONDS)).as("every connection closed")
                .isTrue();
        // a connection closed before the cancel reached its check made a kept-alive check go once more on a new one
        // (CheckConnections closes after the cancel now): say how many are open and the peak, should it come back
        assertThat(connections.accepted.get()).as("connections accepted, one a mode; %d still open, peak %d",
                connections.open.get(), connections.peak.get()).isEqualTo(modes.size());
        assertThat(connections.open.get()).isZero();
    }

    private Probe probe(String mode) {
        return switch (mode) {
            case "http", "https" -> probes.http(KEPT);
            case "http-new", "https-new" -> probes.http(NEW);
            case "h2c" -> probes.h2c(KEPT);
            case "h2c-new" -> probes.h2c(NEW);
            case "tcp" -> probes.stream(TCP);
            default -> throw new IllegalArgumentException(mode);
        };
    }

    private URI url(String mode) {
        return URI.create(mode.replace("-new", "") + "://127.0.0.1:" + hole.port());
    }

    private static boolean acquire(Semaphore semaphore) {
        try {
            return semaphore.tryAcquire(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
