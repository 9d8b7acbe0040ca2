package dev.healthmon.web.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.store.HistoryStore;
import dev.healthmon.store.TimelineSpan;
import dev.healthmon.web.history.UptimeMetricsView.RouteStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Serves GoDoxy's {@code GET /api/v1/metrics/uptime}: with {@code period}, each monitor's aggregate over it,
 * filtered by {@code keyword} and paged by {@code offset} and {@code limit} (0: all); without, the live status
 * of every monitor.
 */
final class UptimeMetricsHandler {

    static final int MAX_LIMIT = 100_000;
    // history queries in flight for one answer: the pool is small and other requests share it
    private static final int CONCURRENCY = 2;

    private final HistoryStore store;
    private final MonitorDirectory directory;
    private final Clock clock;

    UptimeMetricsHandler(HistoryStore store, MonitorDirectory directory, Clock clock) {
        this.store = store;
        this.directory = directory;
        this.clock = clock;
    }

    /** {@code GET /api/v1/metrics/uptime?period=&limit=&offset=&keyword=}. */
    Mono<ServerResponse> uptime(ServerRequest request) {
        return Mono.defer(() -> {
            Instant now = HistoryHandler.now(clock);
            // GoDoxy reads an empty period as none
            Optional<UptimePeriod> period = request.queryParam("period")
                    .filter(text -> !text.isEmpty())
                    .map(UptimePeriod::of);
            int limit = Params.integer(request, "limit", 0, 0, MAX_LIMIT);
            int offset = Params.integer(request, "offset", 0, 0, Integer.MAX_VALUE);
            String keyword = request.queryParam("keyword").orElse("");
            if (period.isEmpty()) {
                return Responses.json(latest(now));
            }
            return aggregate(period.get(), now, keyword, limit, offset).flatMap(Responses::json);
        }).onErrorResume(Responses::error);
    }

    private LatestStatusView latest(Instant now) {
        Map<String, RouteStatus> statuses = new TreeMap<>();
        for (MonitorSnapshot snapshot : directory.live()) {
            statuses.put(snapshot.name(), UptimeMetrics.current(snapshot.status(), snapshot.latency().toMillis(),
                    now));
        }
        return new LatestStatusView(statuses, now.getEpochSecond());
    }

    private Mono<UptimeMetricsView> aggregate(UptimePeriod period, Instant now, String keyword, int limit,
            int offset) {
        Instant from = now.minus(period.length());
        Map<String, HealthStatus> live = new TreeMap<>();
        for (MonitorSnapshot snapshot : directory.live()) {
            live.put(snapshot.name(), snapshot.status());
        }
        return store.timelines(from, now).flatMap(timelines -> {
            List<String> names = names(live, timelines, keyword);
            List<String> page = page(names, limit, offset);
            // the store allows steps of a minute or more; shorter spacings share the minute's latency
            Duration step = period.spacing().compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1)
                    : period.spacing();
            return Flux.fromIterable(page)
                    .flatMapSequential(alias -> store.history(alias, from, now, step)
                            .collectList()
                            .map(points -> UptimeMetrics.aggregate(alias, period, now,
                                    timelines.getOrDefault(alias, List.of()), points, live.get(alias))),
                            CONCURRENCY)
                    .collectList()
                    .map(data -> new UptimeMetricsView(names.size(), data));
        });
    }

    // the live monitors and those with history in the period, that match the keyword, by name
    private static List<String> names(Map<String, HealthStatus> live, Map<String, List<TimelineSpan>> timelines,
            String keyword) {
        TreeSet<String> names = new TreeSet<>(live.keySet());
        timelines.forEach((name, spans) -> {
            if (spans.stream().anyMatch(span -> span.status() != null)) {
                names.add(name);
            }
        });
        return names.stream().filter(name -> UptimeMetrics.matches(keyword, name)).toList();
    }

    // GoDoxy's paging: limit 0 means all, an offset past the end gives none
    private static List<String> page(List<String> names, int limit, int offset) {
        if (offset >= names.size()) {
            return List.of();
        }
        int end = limit == 0 ? names.size() : (int) Math.min(names.size(), (long) offset + limit);
        return names.subList(offset, end);
    }
}
