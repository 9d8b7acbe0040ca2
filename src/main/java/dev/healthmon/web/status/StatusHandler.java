package dev.healthmon.web.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.store.HistoryStore;
import dev.healthmon.store.StoreUnavailableException;
import dev.healthmon.web.EventHub;
import dev.healthmon.web.SseFrames;
import dev.healthmon.web.StreamFilter;
import dev.healthmon.web.StreamHandler;
import dev.healthmon.web.StreamItem;
import dev.healthmon.web.history.DailyUptime;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Serves the status page's JSON and stream: public monitors only, public fields only. */
final class StatusHandler {

    static final Duration INCIDENTS = Duration.ofDays(14);
    static final int INCIDENTS_SHOWN = 20;
    static final int INCIDENTS_EACH = 10;
    static final int READS_AT_ONCE = 4;

    private static final Logger log = LoggerFactory.getLogger(StatusHandler.class);

    private final Supplier<? extends Collection<MonitorSnapshot>> monitors;
    private final Function<String, Optional<HealthCheckConfig>> configs;
    private final Predicate<String> listed;
    private final EventHub hub;
    private final @Nullable DailyUptime daily;
    private final @Nullable HistoryStore store;
    private final Duration heartbeat;
    private final Scheduler scheduler;
    private final Clock clock;
    // the frames of the public stream, written once for every viewer of the page
    private final SseFrames frames = new SseFrames(this::frame);

    /**
     * @param monitors every live monitor now
     * @param configs the config of the live monitor of a name: a cheap lookup, asked at every event
     */
    StatusHandler(Supplier<? extends Collection<MonitorSnapshot>> monitors,
            Function<String, Optional<HealthCheckConfig>> configs, EventHub hub, @Nullable DailyUptime daily,
            @Nullable HistoryStore store, Duration heartbeat, Scheduler scheduler, Clock clock) {
        this.monitors = monitors;
        this.configs = configs;
        this.listed = name -> configs.apply(name).map(HealthCheckConfig::listedPublicly).orElse(false);
        this.hub = hub;
        this.daily = daily;
        this.store = store;
        this.heartbeat = heartbeat;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** {@code GET /api/v1/status}: the banner, the public monitors by group with their bars, recent incidents. */
    Mono<ServerResponse> status(ServerRequest request) {
        return Mono.defer(() -> {
            List<MonitorSnapshot> shown = publicMonitors();
            Set<String> names = new HashSet<>();
            shown.forEach(snapshot -> names.add(snapshot.name()));
            Mono<DailyUptime.DailyView> bars = daily == null || shown.isEmpty()
                    ? Mono.just(new DailyUptime.DailyView(0, 0, Map.of()))
                    : daily.bars(DailyUptime.DEFAULT_DAYS, names::contains).onErrorResume(StoreUnavailableException.class,
                            e -> unavailable(e, new DailyUptime.DailyView(0, 0, Map.of())));
            return Mono.zip(bars, incidents(shown))
                    .map(both -> page(shown, both.getT1(), both.getT2()))
                    .flatMap(page -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(page));
        });
    }

    /** {@code GET /api/v1/status/stream}: a snapshot of the public monitors, then their status changes. */
    Mono<ServerResponse> stream(ServerRequest request) {
        Flux<byte[]> events = hub.stream(StreamFilter.listed(listed), StreamHandler.lastEventId(request))
                .map(item -> item instanceof StreamItem.Snapshot snapshot ? snapshot(snapshot)
                        : frames.event((StreamItem.Event) item))
                .filter(frame -> frame.length > 0);
        return ServerResponse.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                // as the dashboard's stream: each change written once for every viewer, flushed once per burst
                .body(SseFrames.body(Flux.merge(events, SseFrames.heartbeats(heartbeat, scheduler, hub.closed()))));
    }

    private List<MonitorSnapshot> publicMonitors() {
        List<MonitorSnapshot> shown = new ArrayList<>();
        for (MonitorSnapshot snapshot : monitors.get()) {
            if (snapshot.config().listedPublicly()) {
                shown.add(snapshot);
            }
        }
        shown.sort(Comparator.comparing((MonitorSnapshot s) -> s.config().group() == null ? "" : s.config().group())
                .thenComparing(MonitorSnapshot::name));
        return shown;
    }

    private Mono<List<PublicViews.IncidentView>> incidents(List<MonitorSnapshot> shown) {
        HistoryStore history = store;
        if (history == null || shown.isEmpty()) {
            return Mono.just(List.of());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minus(INCIDENTS);
        return Flux.fromIterable(shown)
                .flatMap(snapshot -> history.incidents(snapshot.name(), from, now, INCIDENTS_EACH)
                        .map(incident -> new PublicViews.IncidentView(snapshot.name(),
                                incident.start().getEpochSecond(),
                                incident.end() == null ? null : incident.end().getEpochSecond(),
                                incident.duration())), READS_AT_ONCE)
                .sort(Comparator.comparingLong(PublicViews.IncidentView::start).reversed())
                .take(INCIDENTS_SHOWN)
                .collectList()
                .onErrorResume(StoreUnavailableException.class, e -> unavailable(e, List.of()));
    }

    private static <T> Mono<T> unavailable(StoreUnavailableException e, T fallback) {
        // the page still shows the live statuses; the message names the database, so it stays in the log
        log.warn("status page without history: {}", e.getMessage());
        return Mono.just(fallback);
    }

    private static PublicViews.PageView page(List<MonitorSnapshot> shown, DailyUptime.DailyView bars,
            List<PublicViews.IncidentView> incidents) {
        List<PublicViews.MonitorView> views = new ArrayList<>();
        List<HealthStatus> statuses = new ArrayList<>();
        for (MonitorSnapshot snapshot : shown) {
            views.add(PublicViews.monitor(snapshot, bars.monitors().get(snapshot.name())));
            statuses.add(snapshot.status());
        }
        Overall overall = Overall.of(statuses);
        return new PublicViews.PageView(overall.toString(), overall.text(), bars.from(), bars.days(), views,
                incidents);
    }

    private static byte[] snapshot(StreamItem.Snapshot snapshot) {
        List<PublicViews.MonitorView> views = snapshot.monitors().stream()
                .map(monitor -> PublicViews.monitor(monitor, null))
                .toList();
        return SseFrames.frame(snapshot.id(), "snapshot", views);
    }

    // one frame per event for every viewer: written by the first that sends it (SseFrames)
    private byte[] frame(StreamItem.Event event) {
        if (event.event() instanceof MonitorEvent.StatusChanged changed) {
            return configs.apply(changed.name())
                    .map(config -> SseFrames.frame(event.id(), "status", PublicViews.status(changed, config)))
                    .orElse(SseFrames.NONE);
        }
        if (event.event() instanceof MonitorEvent.Lifecycle lifecycle) {
            // added, removed or stopped: the page reads its JSON again. A monitor that is not public now (never
            // was, was removed or was made private) goes by without its name: only that something changed
            Map<String, String> data = listed.test(lifecycle.name())
                    ? Map.of("name", lifecycle.name(), "action", lifecycle.action().toString())
                    : Map.of("action", "changed");
            return SseFrames.frame(event.id(), "monitor", data);
        }
        return SseFrames.NONE;
    }
}
