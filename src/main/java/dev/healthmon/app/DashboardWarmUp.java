package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.web.StreamHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * The service says it is ready (Spring's {@code ApplicationReadyEvent}, the readiness state
 * {@code ACCEPTING_TRAFFIC}, and the log line {@code healthmon ready: N monitor(s)}) only once it can serve the
 * dashboard fast: after its monitors started, it asks itself over loopback, once, what a browser asks first: the
 * stream as the page opens it (its preview, then the snapshot of every monitor) and {@code /}, gzipped.
 *
 * <p>Why requests: with 10,000 monitors, the first {@code GET /} a fresh service answered took 0.2 to 1.4 s (the
 * next one 10 ms) and its first stream twice as long as the next, because everything on their path ran for the first
 * time: Netty's HTTP codec and pipeline, Reactor Netty's server operations, the WebFlux dispatch and the observation
 * of each request, the SSE writer, the JSON writer over every monitor, Netty's buffer allocator and its JFR events;
 * some 600 classes loaded and their code interpreted. That path is mostly the frameworks', not ours to initialise
 * piece by piece, and a request is what runs all of it. It runs here, before the service is ready, instead of on its
 * first visitor's request. Each request is bounded by a timeout; a warm-up that fails is logged and the service
 * starts anyway, merely colder.
 */
final class DashboardWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DashboardWarmUp.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The longest wait for the service to let go of the warm-up's stream once it is closed. */
    private static final Duration RELEASE = Duration.ofSeconds(1);
    /** The stream as the dashboard opens it ({@code STREAM_URL} of {@code static/js/api.js}). */
    private static final String STREAM = "/api/v1/health/stream?view=brief&preview=100";

    private final ApplicationContext context;
    private final ServerProperties server;
    private final StreamHandler streams;
    private final MonitorRegistry registry;

    DashboardWarmUp(ApplicationContext context, ServerProperties server, StreamHandler streams,
            MonitorRegistry registry) {
        this.context = requireNonNull(context, "context");
        this.server = requireNonNull(server, "server");
        this.streams = requireNonNull(streams, "streams");
        this.registry = requireNonNull(registry, "registry");
    }

    @Override
    public void run(ApplicationArguments args) {
        long started = System.nanoTime();
        String skipped = warmUp();
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (skipped == null) {
            log.info("healthmon ready: {} monitor(s); the dashboard's stream and page answered once in {} ms",
                    registry.monitors().size(), millis);
        }
        else {
            log.info("healthmon ready: {} monitor(s); the dashboard was not asked ({})", registry.monitors().size(),
                    skipped);
        }
    }

    // asks the dashboard's first requests of this service; returns why it did not, or null when they were answered
    private @Nullable String warmUp() {
        if (!(context instanceof WebServerApplicationContext web) || web.getWebServer() == null
                || web.getWebServer().getPort() <= 0) {
            return "no web server";
        }
        if (Ssl.isEnabled(server.getSsl())) {
            // its certificate need not be one this client trusts; the first visitor warms it instead
            return "TLS";
        }
        InetAddress address = server.getAddress();
        String host = address == null || address.isAnyLocalAddress()
                ? InetAddress.getLoopbackAddress().getHostAddress()
                : address.getHostAddress();
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + web.getWebServer().getPort();
        try {
            int streaming = stream(URI.create(base + STREAM));
            int status = get(URI.create(base + "/"));
            awaitReleased(streaming);
            return status == 200 ? null : "GET / answered " + status;
        }
        catch (IOException e) {
            log.warn("the dashboard could not be asked at start-up ({}): its first visitor waits longer", base, e);
            return "failed: " + e;
        }
    }

    // the stream as the page opens it, read until its snapshot is in (after the preview), then closed; returns the
    // streams open just before it was closed, its own included
    private int stream(URI uri) throws IOException {
        HttpURLConnection connection = open(uri);
        connection.setRequestProperty("Accept", "text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                StandardCharsets.UTF_8))) {
            boolean snapshot = false;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.equals("event:snapshot")) {
                    snapshot = true;
                }
                else if (snapshot && line.isEmpty()) {
                    return streams.open();
                }
            }
            throw new IOException("the stream ended before its snapshot");
        }
        finally {
            connection.disconnect();
        }
    }

    // the whole answer, gzipped as a browser asks it
    private static int get(URI uri) throws IOException {
        HttpURLConnection connection = open(uri);
        connection.setRequestProperty("Accept-Encoding", "gzip");
        try (InputStream in = connection.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
            return connection.getResponseCode();
        }
        finally {
            connection.disconnect();
        }
    }

    private static HttpURLConnection open(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        connection.setConnectTimeout((int) TIMEOUT.toMillis());
        connection.setReadTimeout((int) TIMEOUT.toMillis());
        connection.setUseCaches(false);
        return connection;
    }

    // the service lets go of a stream when its event loop sees the connection closed, a moment after this thread
    // closed it: wait for that, briefly, so that no client of the ready service finds the warm-up's stream counted
    // against healthmon.limits.maxSseClients (a client that opened a stream meanwhile, as a dashboard left open
    // reconnecting, only makes this wait its whole bound)
    private void awaitReleased(int streaming) {
        long deadline = System.nanoTime() + RELEASE.toNanos();
        while (streams.open() >= streaming && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }
}
