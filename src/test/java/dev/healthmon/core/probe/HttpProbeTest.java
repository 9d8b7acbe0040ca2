package dev.healthmon.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.Monitors;
import dev.healthmon.core.model.HealthCheckResult;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;

class HttpProbeTest {

    private static final Duration VERIFY = Duration.ofSeconds(10);
    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().timeout(Duration.ofSeconds(3)).build();
    private static final HealthCheckConfig NEW_CONNECTION = CONFIG.toBuilder().reuseConnection(false).build();

    private final Probes probes = Probes.create();
    private final AtomicReference<Handler> answer = new AtomicReference<>((req, res) -> res.status(200).send());
    private final AtomicReference<HttpServerRequest> seen = new AtomicReference<>();
    private final Servers.ConnectionCounter connections = new Servers.ConnectionCounter();
    // TCP connections: doOnConnection above is told of every request, several on a kept-alive connection
    private final AtomicInteger channels = new AtomicInteger();
    private final AtomicInteger openChannels = new AtomicInteger();
    private DisposableServer server;

    @BeforeEach
    void startServer() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnConnection(connections::opened)
                .doOnChannelInit((observer, channel, address) -> {
                    channels.incrementAndGet();
                    openChannels.incrementAndGet();
                    channel.closeFuture().addListener(closed -> openChannels.decrementAndGet());
                })
                .handle((req, res) -> {
                    seen.set(req);
                    return answer.get().apply(req, res);
                })
                .bindNow();
    }

    @AfterEach
    void stopServer() {
        server.disposeNow();
    }

    @Test
    void passesOn200WithTheStatusAsDetail() {
        StepVerifier.create(probes.http(CONFIG).check(url("")))
                .assertNext(r -> {
                    assertThat(r.healthy()).isTrue();
                    assertThat(r.detail()).isEqualTo("HTTP 200 OK");
                    assertThat(r.latency()).isPositive();
                })
                .expectComplete()
                .verify(VERIFY);
    }

    @Test
    void reportsUnhealthyOn503() {
        answer.set((req, res) -> res.status(503).send());

        assertResult(probes.http(CONFIG), url(""), false, "HTTP 503 Service Unavailable");
    }

    @Test
    void passesOnAnyStatusBelow500() {
        answer.set((req, res) -> res.status(404).send());
        assertResult(probes.http(CONFIG), url(""), true, "HTTP 404 Not Found");

        answer.set((req, res) -> res.status(302).header("Location", "/elsewhere").send());
        assertResult(probes.http(CONFIG), url(""), true, "HTTP 302 Found");
    }

    @Test
    void expectStatusDecidesWhatPasses() {
        HealthCheckConfig only204 = CONFIG.toBuilder().expectStatus(Set.of(204, 200)).build();
        answer.set((req, res) -> res.status(404).send());
        assertResult(probes.http(only204), url(""), false, "HTTP 404 Not Found (expected: 200, 204)");

        HealthCheckConfig maintenanceIsFine = CONFIG.toBuilder().expectStatus(Set.of(503)).build();
        answer.set((req, res) -> res.status(503).send());
        assertResult(probes.http(maintenanceIsFine), url(""), true, "HTTP 503 Service Unavailable");
    }

    @Test
    void sendsTheMethodToUrlPlusPathWithTheDesignHeaders() {
        HealthCheckConfig config = CONFIG.toBuilder().path("/health").method("HEAD").build();

        assertResult(probes.http(config), url("/api/?v=1"), true, "HTTP 200 OK");

        HttpServerRequest request = seen.get();
        assertThat(request.method().name()).isEqualTo("HEAD");
        assertThat(request.uri()).isEqualTo("/api/health?v=1");
        HttpHeaders headers = request.requestHeaders();
        assertThat(headers.get("User-Agent")).isEqualTo(Probes.USER_AGENT).startsWith("healthmon/");
        assertThat(headers.get("Accept-Encoding")).isEqualTo("identity");
        assertThat(headers.get("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void aPathThatIsNoUriStillGoesAsItIsCheckAfterCheck() {
        // '|' must be escaped in a java.net.URI; servers take it in a request line, and the probe sends it as given
        HealthCheckConfig config = CONFIG.toBuilder().path("/status|all").build();
        Probe probe = probes.http(config);
        URI target = url("/api");

        for (int check = 0; check < 2; check++) {
            assertResult(probe, target, true, "HTTP 200 OK");
            assertThat(seen.getAndSet(null).uri()).isEqualTo("/api/status|all");
        }
    }

    @Test
    void aUrlIsParsedOnceAndEachOfItsChecksGoesToIt() {
        HealthCheckConfig config = CONFIG.toBuilder().path("/health").build();
        Probe probe = probes.http(config);

        for (String base : new String[] {"/a", "/a", "/b"}) {
            assertResult(probe, url(base + "?x=1"), true, "HTTP 200 OK");
            assertThat(seen.getAndSet(null).uri()).isEqualTo(base + "/health?x=1");
        }
    }

    @Test
    void failsWhenTheConnectionIsRefused() {
        assertResult(probes.http(CONFIG), URI.create("http://127.0.0.1:" + Servers.closedPort()), false,
                "connection refused");
    }

    @Test
    void aUrlUpdatedToSomethingUncheckableFailsTheCheck() {
        // the factory refuses these at creation, but a monitor's URL can be updated later
        assertResult(probes.http(CONFIG), URI.create("http:///health"), false, "no host specified");
        assertResult(probes.http(CONFIG), URI.create("tcp://127.0.0.1:80"), false,
                "unsupported URL tcp://127.0.0.1:80 for an HTTP check");
        assertResult(probes.h2c(CONFIG), URI.create("https://127.0.0.1"), false,
                "unsupported URL https://127.0.0.1 for an H2C check");
    }

    @Test
    void failsWithATimeoutWhenTheServerAcceptsAndNeverAnswers() {
        DisposableServer silent = Servers.silentTcp();
        try {
            HealthCheckConfig config = CONFIG.withTimeout(Duration.ofMillis(300));
            // the probe sets no timer of its own: the monitor's bounded check ends it
            assertCheckedResult(probes.http(config), config, URI.create("http://127.0.0.1:" + silent.port()), false,
                    "timeout after 300ms");
        }
        finally {
            silent.disposeNow();
        }
    }

    @Test
    void failsWhenTheServerResetsTheConnection() {
        // SO_LINGER 0 makes the close a TCP reset
        DisposableServer resetting = TcpServer.create()
                .host("127.0.0.1")
                .port(0)
                .childOption(ChannelOption.SO_LINGER, 0)
                .handle((in, out) -> in.receive().next().then())
                .bindNow();
        try {
            StepVerifier.create(probes.http(CONFIG).check(URI.create("http://127.0.0.1:" + resetting.port())))
                    .assertNext(r -> {
                        assertThat(r.healthy()).isFalse();
                        assertThat(r.detail()).isIn("connection reset", "connection closed before the response");
                    })
                    .expectComplete()
                    .verify(VERIFY);
        }
        finally {
            resetting.disposeNow();
        }
    }

    @Test
    void failsOnAnUnknownHostAndResolvesNamesWithoutBlocking() {
        try (LoopbackDns dns = new LoopbackDns()) {
            Probes resolving = dns.probes();
            assertResult(resolving.http(CONFIG), URI.create("http://nope.invalid:" + server.port()), false,
                    "unknown host nope.invalid");
            // a name the local DNS server knows leads to the test server: resolution runs on the event loop,
            // where BlockHound would fail a blocking lookup
            assertResult(resolving.http(CONFIG), URI.create("http://app.test:" + server.port()), true,
                    "HTTP 200 OK");
        }
    }

    @Test
    void resolvesLocalhostWithTheSystemResolverWithoutBlocking() {
        // the default resolver reads /etc/hosts and asks DNS on the event loop; BlockHound fails any blocking call
        assertResult(probes.http(CONFIG), URI.create("http://localhost:" + server.port()), true, "HTTP 200 OK");
    }

    @Test
    void reachesAnIpv6Literal() {
        DisposableServer v6;
        try {
            v6 = HttpServer.create().host("::1").port(0).handle((req, res) -> res.status(200).send()).bindNow();
        }
        catch (RuntimeException e) {
            Assumptions.abort("no IPv6 loopback on this machine: " + e);
            return;
        }
        try {
            assertResult(probes.http(CONFIG), URI.create("http://[::1]:" + v6.port() + "/"), true, "HTTP 200 OK");
        }
        finally {
            v6.disposeNow();
        }
    }

    @Test
    void readsNoBodyAndClosesTheConnectionAfterTheHeaders() throws InterruptedException {
        // an endless body: the check must pass on the headers and close, not download
        answer.set((req, res) -> res.status(200).send(Flux.range(0, 1_000_000)
                .map(i -> Unpooled.wrappedBuffer(new byte[8192]))));

        assertResult(probes.http(NEW_CONNECTION), url(""), true, "HTTP 200 OK");

        assertThat(connections.closed.tryAcquire(1, 5, TimeUnit.SECONDS)).isTrue();
        assertThat(connections.open.get()).isZero();
    }

    @Test
    void aKeptConnectionWithAnEndlessBodyIsClosedNotDownloaded() throws InterruptedException {
        answer.set((req, res) -> res.status(200).send(Flux.range(0, 1_000_000)
                .map(i -> Unpooled.wrappedBuffer(new byte[8192]))));

        assertResult(probes.http(CONFIG), url(""), true, "HTTP 200 OK");

        assertThat(connections.closed.tryAcquire(1, 5, TimeUnit.SECONDS)).isTrue();
        assertThat(connections.open.get()).isZero();
    }

    @Test
    void checksReuseOneKeptAliveConnection() {
        answer.set((req, res) -> res.status(200).sendString(Mono.just("{\"status\":\"UP\"}")));
        Probe probe = probes.http(CONFIG);

        // back to back: the next check starts as soon as the last one's result is out, on another event loop
        for (int i = 0; i < 200; i++) {
            assertResult(probe, url(""), true, "HTTP 200 OK");
        }

        assertThat(connections.accepted.get()).isEqualTo(200);
        assertThat(channels.get()).isEqualTo(1);
        assertThat(openChannels.get()).isEqualTo(1);
    }

    @Test
    void withoutReuseEachCheckOpensItsOwnConnection() throws InterruptedException {
        Probe probe = probes.http(NEW_CONNECTION);

        for (int i = 0; i < 5; i++) {
            assertResult(probe, url(""), true, "HTTP 200 OK");
        }

        assertThat(channels.get()).isEqualTo(5);
        assertThat(connections.closed.tryAcquire(5, 5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aKeptConnectionTheTargetClosesAfterEachResponseCostsNoCheck() {
        assertEveryCheckPassesAgainstATargetThatClosesAfter(1, 20, 20, 20);
    }

    @Test
    void aKeptConnectionTheTargetClosesAfterThreeResponsesIsReopened() {
        assertEveryCheckPassesAgainstATargetThatClosesAfter(3, 12, 4, 5);
    }

    /**
     * Runs {@code checks} checks one after the other against a target that answers {@code perConnection} requests
     * on a connection and then closes it, without saying so ({@code Connection: close}) in its last answer.
     */
    private void assertEveryCheckPassesAgainstATargetThatClosesAfter(int perConnection, int checks, int least,
            int most) {
        AtomicInteger opened = new AtomicInteger();
        DisposableServer closing = TcpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnChannelInit((observer, channel, address) -> opened.incrementAndGet())
                .handle((in, out) -> in.receive()
                        .asString()
                        // a request ends with an empty line; checks come one at a time, so reads hold whole ones
                        .concatMapIterable(read -> java.util.Collections.nCopies(read.split("\r\n\r\n", -1).length
                                - 1, read))
                        .take(perConnection)
                        .concatMap(request -> out.sendString(Mono.just("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
                                .then(), 1)
                        .then())
                .bindNow();
        try {
            Probe probe = probes.http(CONFIG);
            URI url = URI.create("http://127.0.0.1:" + closing.port());
            for (int i = 0; i < checks; i++) {
                assertResult(probe, url, true, "HTTP 200 OK");
            }
            assertThat(opened.get()).isBetween(least, most);
        }
        finally {
            closing.disposeNow();
        }
    }

    @Test
    void startsItsCheckOnAnEventLoopOfItsClientNotOnTheThreadThatAskedForIt() {
        // the thread that asks is a monitor's tick, on the scheduler whose timers end running checks: a check
        // started there (a channel created, configured, registered) made those timers wait behind it
        AtomicReference<Thread> connecting = new AtomicReference<>();
        HttpClient client = HttpClient.create().doOnConnect(config -> connecting.set(Thread.currentThread()));
        Probe probe = HttpProbe.http1(client, client, HttpClient::request, NEW_CONNECTION, Clock.systemUTC(),
                Schedulers.parallel());

        StepVerifier.create(probe.check(url("")))
                .assertNext(r -> assertThat(r.healthy()).isTrue())
                .expectComplete()
                .verify(VERIFY);

        assertThat(connecting.get()).isNotSameAs(Thread.currentThread());
        assertThat(client.configuration().loopResources().onClient(client.configuration().isPreferNative()))
                .anyMatch(loop -> loop.inEventLoop(connecting.get()));
    }

    @Test
    void cancellingACheckClosesItsConnection() throws InterruptedException {
        answer.set((req, res) -> Mono.never());

        for (HealthCheckConfig config : new HealthCheckConfig[] {NEW_CONNECTION, CONFIG}) {
            StepVerifier.create(probes.http(config).check(url("")))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(200))
                    .thenCancel()
                    .verify(VERIFY);

            assertThat(connections.closed.tryAcquire(1, 5, TimeUnit.SECONDS)).isTrue();
            assertThat(connections.open.get()).isZero();
        }
        assertThat(connections.accepted.get()).isEqualTo(2);
    }

    @Test
    void leavesNoConnectionOpenAfterTenThousandChecks() throws InterruptedException {
        int checks = 10_000;
        Probe probe = probes.http(NEW_CONNECTION);
        long start = System.nanoTime();

        StepVerifier.create(Flux.range(0, checks)
                        .flatMap(i -> probe.check(url("")), 8)
                        .filter(HealthCheckResult::healthy)
                        .count())
                .expectNext((long) checks)
                .expectComplete()
                .verify(Duration.ofSeconds(180));

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("HTTP probe: %d checks in %d ms (%.0f checks/s), peak %d open connections%n",
                checks, millis, checks * 1000.0 / Math.max(1, millis), connections.peak.get());
        assertThat(connections.closed.tryAcquire(checks, 10, TimeUnit.SECONDS)).isTrue();
        assertThat(connections.accepted.get()).isEqualTo(checks);
        assertThat(connections.open.get()).isZero();
        // a leak keeps connections open, so the peak would grow with the number of checks; closes that the
        // server has not processed yet count as open, so the bound leaves room for a busy machine
        assertThat(connections.peak.get()).isLessThanOrEqualTo(checks / 10);
    }

    @Test
    void tenThousandKeptAliveChecksUseNoMoreConnectionsThanRunAtOnce() {
        int checks = 10_000;
        Probe probe = probes.http(CONFIG);

        StepVerifier.create(Flux.range(0, checks)
                        .flatMap(i -> probe.check(url("")), 8)
                        .filter(HealthCheckResult::healthy)
                        .count())
                .expectNext((long) checks)
                .expectComplete()
                .verify(Duration.ofSeconds(180));

        // one per check running at once; a connection given back a moment after its check completes can let
        // the next check open one more
        assertThat(channels.get()).isBetween(1, 16);
        assertThat(openChannels.get()).isEqualTo(channels.get());
    }

    private URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    static void assertResult(Probe probe, URI url, boolean healthy, String detail) {
        StepVerifier.create(probe.check(url))
                .assertNext(r -> {
                    assertThat(r.detail()).isEqualTo(detail);
                    assertThat(r.healthy()).isEqualTo(healthy);
                })
                .expectComplete()
                .verify(VERIFY);
    }

    /**
     * Asserts the result of one check of {@code url} with {@code probe} as a monitor runs it, bounded by the
     * timeout of {@code config}: {@link HealthMonitor#checkHealth()}.
     */
    static void assertCheckedResult(Probe probe, HealthCheckConfig config, URI url, boolean healthy, String detail) {
        StepVerifier.create(Monitors.of("probe", config, url, probe).checkHealth())
                .assertNext(r -> {
                    assertThat(r.detail()).isEqualTo(detail);
                    assertThat(r.healthy()).isEqualTo(healthy);
                })
                .expectComplete()
                .verify(VERIFY);
    }

    @FunctionalInterface
    interface Handler extends java.util.function.BiFunction<HttpServerRequest, HttpServerResponse,
            Publisher<Void>> {
    }
}
