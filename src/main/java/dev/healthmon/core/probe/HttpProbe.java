package dev.healthmon.core.probe;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.Redaction;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Checks an HTTP, HTTPS or H2C target: {@code method} to {@code url + path}, passing on a status the config
 * accepts (below 500 by default), reading nothing of the body.
 *
 * <p>With {@code reuseConnection} (the default), a monitor of an {@code http://} URL keeps its own connection, and
 * its checks write a request encoded once, on Netty's codec ({@link KeptHttp1}: Reactor Netty's per-request work
 * was most of such a check's cost). Of other URLs the client is pooled: a check takes a kept-alive connection to
 * the target, or opens one, reads what is left of the body (at most {@value #MAX_DRAINED} bytes, for at most the
 * drain time) and gives the connection back; a body that is longer or slower closes the connection instead, so
 * the check's result never waits for it. Without, each check opens its own connection and closes it once the
 * response headers are in, or when it is cancelled, so no connection outlives its check. Either way the result is
 * judged at the response headers. Its clients carry the connect timeout (the config's timeout); the check as a
 * whole is bounded by its caller, the monitor's loop ({@code MonitorLoop.check}).
 */
final class HttpProbe implements Probe {

    /** The most of a body read to keep a connection reusable; a longer one closes the connection. */
    static final int MAX_DRAINED = 64 * 1024;
    /** The longest time, in milliseconds, a body is read to keep a connection reusable. */
    static final long DRAIN_MILLIS = 500;
    private static final Duration DRAIN_WAIT = Duration.ofMillis(DRAIN_MILLIS);

    /**
     * Returns a probe of {@code http://} and {@code https://} URLs over HTTP/1.1, with {@code plain} for the
     * former and {@code tls} (secured already) for the latter.
     */
    static HttpProbe http1(HttpClient plain, HttpClient tls, Requests requests, HealthCheckConfig config,
            Clock clock, Scheduler scheduler) {
        return new HttpProbe(plain, tls, false, requests, null, config, clock, scheduler);
    }

    /**
     * Returns a probe as {@link #http1} does whose checks of {@code http://} URLs keep their own connections, opened
     * by {@code kept} ({@link KeptHttp1}); {@code plain} and {@code tls} check the rest.
     */
    static HttpProbe keptHttp1(HttpClient plain, HttpClient tls, Requests requests, Http1Client kept,
            HealthCheckConfig config, Clock clock, Scheduler scheduler) {
        return new HttpProbe(plain, tls, false, requests, requireNonNull(kept, "kept"), config, clock, scheduler);
    }

    /**
     * Returns a probe of {@code h2c://} (and {@code http://}) URLs that speaks HTTP/2 with prior knowledge
     * through {@code client}.
     */
    static HttpProbe h2c(HttpClient client, Requests requests, HealthCheckConfig config, Clock clock,
            Scheduler scheduler) {
        return new HttpProbe(client, client, true, requests, null, config, clock, scheduler);
    }

    /**
     * Where a probe gets a client's request of a method: the prober shares one per client and method, because
     * such a request holds a copy of its client's configuration, which each monitor would otherwise hold, or each
     * check build again.
     */
    @FunctionalInterface
    interface Requests {
        HttpClient.RequestSender of(HttpClient client, HttpMethod method);
    }

    private final HttpClient plain;
    private final HttpClient.RequestSender plainRequest;
    private final HttpClient.RequestSender tlsRequest;
    private final boolean h2c;
    private final HttpMethod method;
    private final String path;
    private final HealthCheckConfig config;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Duration drainWait;
    private final Scheduler starts;
    // the last request URI, parsed: given a String, Reactor Netty matches it against a regular expression on every
    // request (UriEndpointFactory), 4-7 % of a kept-alive check's CPU in a profile; a java.net.URI it only reads
    private volatile @Nullable Target last;
    // the kept-alive checks of http:// URLs, on Netty's codec; null: every check goes through Reactor Netty
    private final @Nullable KeptHttp1 kept;

    private HttpProbe(HttpClient plain, HttpClient tls, boolean h2c, Requests requests, @Nullable Http1Client kept,
            HealthCheckConfig config, Clock clock, Scheduler scheduler) {
        // the connect timeout (the config's timeout) is the clients' own: Probes builds them once per timeout
        this.plain = requireNonNull(plain, "plain");
        this.h2c = h2c;
        this.method = HttpMethod.valueOf(config.method());
        this.plainRequest = requests.of(plain, method);
        this.tlsRequest = requests.of(requireNonNull(tls, "tls"), method);
        this.path = config.path();
        this.config = config;
        this.clock = requireNonNull(clock, "clock");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        Duration quarter = config.timeout().dividedBy(4);
        this.drainWait = quarter.toMillis() < DRAIN_MILLIS ? quarter : DRAIN_WAIT;
        // the TLS client is a variant of the plain one: the same loops
        this.starts = EventLoops.of(plain);
        this.kept = kept == null ? null : new KeptHttp1(kept, config, drainWait.toMillis());
    }

    @Override
    public Mono<HealthCheckResult> check(URI url) {
        KeptHttp1 lean = kept;
        if (lean != null && Endpoint.scheme(url).equals("http") && !Endpoint.hostOf(url).isEmpty()
                && lean.supports(url)) {
            // started on the kept connection's loop, or on one of the client's to open one
            return lean.check(url, this::judge);
        }
        return Mono.defer(() -> {
            String scheme = Endpoint.scheme(url);
            boolean secure = scheme.equals("https") && !h2c;
            if (!scheme.equals("http") && !secure && !(h2c && scheme.equals("h2c"))) {
                return Mono.just(HealthCheckResult.unhealthy("unsupported URL " + Redaction.url(url) + " for an "
                        + (h2c ? "H2C" : "HTTP") + " check"));
            }
            if (Endpoint.hostOf(url).isEmpty()) {
                return Mono.just(HealthCheckResult.unhealthy("no host specified"));
            }
            long start = Latency.start();
            Mono<HealthCheckResult> once = target(url, secure, secure ? "https" : "http")
                    // judged at once: on the connection's loop, as the response's headers are in
                    .responseConnection((response, connection) -> config.reuseConnection()
                            ? release(connection, judge(response, connection, start))
                            // closing once the headers are judged is what keeps the body from being read
                            : Mono.fromSupplier(() -> judge(response, connection, start))
                                    .doFinally(signal -> Connections.closeLater(connection)))
                    .next();
            // a kept connection that the target closed or reset while it sat in the pool fails the request written
            // on it before the close is seen: the check goes once more, on another connection, so a closed kept
            // connection costs the check nothing. Not retryWhen: it built a sink and four subscribers a check
            Mono<HealthCheckResult> checked = config.reuseConnection()
                    ? once.onErrorResume(HttpProbe::closedUnderfoot, closed -> once)
                    : once;
            // a check cancelled (its timeout, its monitor's end) closes the connections it opened or sends on
            return CheckConnections.in(checked
                    // no timer here: the monitor's loop bounds the whole check and cancels it when the time is up
                    .onErrorResume(e -> Failures.recover(e, url, config.timeout(), start)));
        })
                // started on an event loop of the client, not on the thread of the tick that asked for it
                .subscribeOn(starts);
    }

    private static boolean closedUnderfoot(Throwable e) {
        return e instanceof PrematureCloseException
                || (e instanceof IOException && String.valueOf(e.getMessage()).contains("Connection reset"));
    }

    // reads the rest of a short body, so that the connection goes back to the pool; a long or slow one closes it
    private Mono<HealthCheckResult> release(Connection connection, HealthCheckResult result) {
        // the bytes read so far: touched on the connection's loop alone
        long[] read = {0};
        return connection.inbound()
                .receive()
                .takeUntil(buffer -> (read[0] += buffer.readableBytes()) > MAX_DRAINED)
                .then(Mono.defer(() -> read[0] > MAX_DRAINED ? Mono.just(closing(connection, result))
                        : afterThisTask(connection, result)))
                .timeout(drainWait, Mono.fromSupplier(() -> closing(connection, result)), scheduler);
    }

    // a body too long or too slow to drain: the connection is closed, not given back, and the result stands
    private static HealthCheckResult closing(Connection connection, HealthCheckResult result) {
        Connections.closeLater(connection);
        return result;
    }

    // Reactor Netty signals the end of a response (ChannelOperations.terminate) before, in the same task of the
    // connection's loop, the pool takes the connection back: a result given at that end let a check that followed
    // at once (on another loop) find the connection still taken and open a second one. Given in the loop's next
    // task, the result comes after the connection is back. The task is queued from the loop itself: no wake-up.
    private static Mono<HealthCheckResult> afterThisTask(Connection connection, HealthCheckResult result) {
        EventLoop loop = connection.channel().eventLoop();
        return Mono.create(sink -> loop.execute(() -> sink.success(result)));
    }

    private HealthCheckResult judge(HttpClientResponse response, Connection connection, long start) {
        Duration latency = Latency.since(start);
        String status = StatusLine.of(response.status().code(), response.status().reasonPhrase());
        if (!config.accepts(response.status().code())) {
            return refused(status, latency);
        }
        Instant expiry = Certificates.earliestExpiry(sslHandler(connection));
        String certificate = expiry == null ? null : Certificates.describe(Duration.between(clock.instant(), expiry));
        return HealthCheckResult.healthy(latency, certificate == null ? status : status + ", " + certificate)
                .withCertificateExpiry(expiry);
    }

    // a kept-alive http:// check's response: no certificate to read
    private HealthCheckResult judge(HttpResponse response, long start) {
        Duration latency = Latency.since(start);
        String status = StatusLine.of(response.status().code(), response.status().reasonPhrase());
        return config.accepts(response.status().code()) ? HealthCheckResult.healthy(latency, status)
                : refused(status, latency);
    }

    private HealthCheckResult refused(String status, Duration latency) {
        String expected = config.expectStatus().isEmpty() ? ""
                : config.expectStatus().stream().sorted().map(String::valueOf)
                        .collect(Collectors.joining(", ", " (expected: ", ")"));
        return HealthCheckResult.unhealthy(status + expected, latency);
    }

    private static @Nullable SslHandler sslHandler(Connection connection) {
        SslHandler handler = connection.channel().pipeline().get(SslHandler.class);
        if (handler == null && connection.channel().parent() != null) {
            handler = connection.channel().parent().pipeline().get(SslHandler.class);
        }
        return handler;
    }

    // the monitor's URL is the same object check after check: its request URI is parsed once. The request with it
    // is a copy of the client's configuration, made at each check: kept, it would be some hundreds of bytes more
    // of every monitor's heap
    private HttpClient.RequestSender target(URI url, boolean secure, String scheme) {
        Target kept = last;
        if (kept == null || kept.url() != url || !kept.scheme().equals(scheme)) {
            String text = requestUri(url, scheme);
            URI parsed;
            try {
                parsed = URI.create(text);
            }
            catch (IllegalArgumentException notAUri) {
                // a check path with characters a URI must escape: Reactor Netty's own parsing takes it as it is
                parsed = null;
            }
            kept = new Target(url, scheme, text, parsed);
            last = kept;
        }
        HttpClient.RequestSender request = secure ? tlsRequest : plainRequest;
        return kept.parsed() != null ? request.uri(kept.parsed()) : request.uri(kept.text());
    }

    /** Returns {@code url} with {@code scheme}, without user info, its path joined with the check's path. */
    String requestUri(URI url, String scheme) {
        StringBuilder uri = new StringBuilder(scheme).append("://").append(url.getHost());
        if (url.getPort() >= 0) {
            uri.append(':').append(url.getPort());
        }
        return uri.append(UrlPaths.join(url, path)).toString();
    }

    private record Target(URI url, String scheme, String text, @Nullable URI parsed) {
    }
}
