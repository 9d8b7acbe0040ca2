package dev.healthmon.web.status;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.store.HistoryStore;
import dev.healthmon.web.EventHub;
import dev.healthmon.web.history.HistoryRoutes;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.scheduler.Scheduler;

/**
 * The public status page and its API, open to anyone, no token: {@code GET /status} (the page),
 * {@code GET /api/v1/status} (the public monitors with their bars, the banner and recent incidents) and
 * {@code GET /api/v1/status/stream} (their status changes, SSE, resumable with {@code Last-Event-ID}). A monitor
 * is public when it sets {@code public: true}; nothing of another monitor, not even its name, is in any answer.
 *
 * <pre>{@code
 * RouterFunction<ServerResponse> status = StatusRoutes.create(registry, hub, store, Duration.ofSeconds(15),
 *         Schedulers.parallel(), Clock.systemUTC());
 * }</pre>
 */
public final class StatusRoutes {

    /** The path of the page. */
    public static final String PAGE = "/status";
    /** The path of the page's JSON. */
    public static final String STATUS = "/api/v1/status";

    private StatusRoutes() {
    }

    /**
     * Returns the routes. Reads the page from the class path now: call it while wiring, not on an event loop.
     *
     * @param store the history, for the bars and incidents; {@code null} shows neither
     * @param heartbeat the period of the stream's heartbeat comment
     * @param scheduler what times the heartbeat
     */
    public static RouterFunction<ServerResponse> create(MonitorRegistry registry, EventHub hub,
            @Nullable HistoryStore store, Duration heartbeat, Scheduler scheduler, Clock clock) {
        requireNonNull(registry, "registry");
        StatusHandler handler = new StatusHandler(registry::snapshot,
                name -> registry.get(name).map(HealthMonitor::config), hub,
                store == null ? null : HistoryRoutes.daily(store, clock), store, heartbeat,
                scheduler, clock);
        byte[] page = page();
        return RouterFunctions.route()
                .GET(PAGE, request -> ServerResponse.ok()
                        .contentType(MediaType.TEXT_HTML)
                        .cacheControl(CacheControl.noCache())
                        .bodyValue(page))
                .GET(STATUS + "/stream", handler::stream)
                .GET(STATUS, handler::status)
                .build();
    }

    private static byte[] page() {
        try (InputStream in = StatusRoutes.class.getResourceAsStream("/static/status.html")) {
            if (in == null) {
                throw new IllegalStateException("static/status.html is missing from the class path");
            }
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not read static/status.html", e);
        }
    }
}
