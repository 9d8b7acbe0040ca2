package dev.healthmon.web;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.healthmon.core.schedule.MonitorRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Serves {@code GET /api/v1/health/stream} and {@code GET /api/v1/health/{name}/stream}: the SSE stream of
 * DESIGN section 7, with a heartbeat comment every period, {@code ?checks=true} for every check result,
 * {@code ?view=brief} for snapshots without each monitor's {@code config} (its {@code group} instead),
 * {@code ?preview=N} for a {@code preview} event ahead of each snapshot (the counts by status and the first N
 * monitors in the dashboard's order, what its first screen needs, sent while the whole snapshot is written); at most
 * {@code maxClients} at once (503 beyond them).
 */
public final class StreamHandler {

    /** The most monitors a preview may hold: a tall screen's first rows. */
    static final int MAX_PREVIEW = 500;

    private final EventHub hub;
    private final MonitorRegistry registry;
    private final Duration heartbeat;
    private final Scheduler scheduler;
    private final int maxClients;
    private final SseFrames eventFrames = new SseFrames();
    // the streams open now: taken when a stream is answered, given back when it ends however it ends
    private final AtomicInteger clients = new AtomicInteger();

    /**
     * Returns a handler that streams from {@code hub} and sends a heartbeat comment every {@code heartbeat}, timed
     * by {@code scheduler}, to any number of clients.
     */
    public StreamHandler(EventHub hub, MonitorRegistry registry, Duration heartbeat, Scheduler scheduler) {
        this(hub, registry, heartbeat, scheduler, Integer.MAX_VALUE);
    }

    /**
     * Returns a handler as {@link #StreamHandler(EventHub, MonitorRegistry, Duration, Scheduler)} that serves at
     * most {@code maxClients} streams at once and answers 503 beyond them ({@code healthmon.limits.maxSseClients}).
     */
    public StreamHandler(EventHub hub, MonitorRegistry registry, Duration heartbeat, Scheduler scheduler,
            int maxClients) {
        this.hub = requireNonNull(hub, "hub");
        this.registry = requireNonNull(registry, "registry");
        this.heartbeat = requireNonNull(heartbeat, "heartbeat");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients: " + maxClients + " (expected: >= 1)");
        }
        this.maxClients = maxClients;
    }

    /** Returns the number of streams being answered now: those {@code maxClients} counts. */
    public int open() {
        return clients.get();
    }

    /** Returns the stream of every monitor. */
    public Mono<ServerResponse> all(ServerRequest request) {
        return respond(request, StreamFilter.all(checks(request)));
    }

    /** Returns the stream of the monitor named in the path, or 404 when there is none. */
    public Mono<ServerResponse> one(ServerRequest request) {
        String name = request.pathVariable("name");
        if (registry.get(name).isEmpty()) {
            return HealthHandler.notFound(name);
        }
        return respond(request, StreamFilter.of(name, checks(request)));
    }

    private Mono<ServerResponse> respond(ServerRequest request, StreamFilter filter) {
        String view = request.queryParam("view").orElse("full");
        if (!view.equals("full") && !view.equals("brief")) {
            return ServerResponse.badRequest()
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(new ErrorView("view: unknown view '" + view + "' (expected: full or brief)", "view"));
        }
        boolean brief = view.equals("brief");
        String previewParam = request.queryParam("preview").orElse("0");
        int preview;
        try {
            preview = Integer.parseInt(previewParam);
        }
        catch (NumberFormatException e) {
            preview = -1;
        }
        if (preview < 0 || preview > MAX_PREVIEW) {
            return ServerResponse.badRequest()
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(new ErrorView("preview: '" + previewParam + "' (expected: a number of monitors from 0 "
                            + "to " + MAX_PREVIEW + ")", "preview"));
        }
        int first = preview;
        if (clients.incrementAndGet() > maxClients) {
            clients.decrementAndGet();
            return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "5")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(ErrorView.of("too many stream clients: at most " + maxClients + " at once "
                            + "(healthmon.limits.maxSseClients); try again later"));
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                clients.decrementAndGet();
            }
        };
        Flux<StreamItem> items = hub.stream(filter, lastEventId(request));
        // without a preview, one frame per item, demand passed straight through to the client's queue
        Flux<byte[]> frames = first == 0
                ? items.map(item -> frame(item, brief))
                : items.concatMap(item -> withPreview(item, brief, first));
        Flux<byte[]> stream = Flux.merge(frames, SseFrames.heartbeats(heartbeat, scheduler, hub.closed()))
                .doFinally(signal -> release.run());
        return ServerResponse.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .body(SseFrames.body(stream))
                // a response that is never written gives its place back too
                .doOnCancel(release)
                .doOnError(e -> release.run());
    }

    // a snapshot asked with a preview is two frames: the preview, written and sent while the whole is written
    private Flux<byte[]> withPreview(StreamItem item, boolean brief, int preview) {
        if (!(item instanceof StreamItem.Snapshot snapshot)) {
            return Flux.just(frame(item, brief));
        }
        return Flux.concat(
                Mono.fromSupplier(() -> SseFrames.preview(snapshot, preview)),
                Mono.fromSupplier(() -> SseFrames.snapshot(snapshot, brief)));
    }

    private byte[] frame(StreamItem item, boolean brief) {
        if (item instanceof StreamItem.Snapshot snapshot) {
            // written ahead as JSON text: one pass over thousands of monitors
            return SseFrames.snapshot(snapshot, brief);
        }
        return eventFrames.event((StreamItem.Event) item);
    }

    private static boolean checks(ServerRequest request) {
        return request.queryParam("checks").map(Boolean::parseBoolean).orElse(false);
    }

    /**
     * Returns the id a reconnecting client gives in {@code Last-Event-ID}, or {@code null} when it gives none or one
     * this service did not issue (it then starts over with a snapshot).
     */
    public static @Nullable Long lastEventId(ServerRequest request) {
        String header = request.headers().firstHeader("Last-Event-ID");
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(header.trim());
        }
        catch (NumberFormatException ignored) {
            // not an id this service issued: start over with a snapshot
            return null;
        }
    }
}
