package dev.healthmon.web.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.store.HistoryRange;
import dev.healthmon.store.HistoryStore;
import dev.healthmon.store.UptimeReport;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Serves uptime (one monitor and all), history points and incidents: parse the query, ask the store, answer
 * with a view.
 */
final class HistoryHandler {

    static final Duration UPTIME_DEFAULT = Duration.ofHours(24);
    static final Duration HISTORY_DEFAULT = Duration.ofHours(24);
    static final Duration INCIDENTS_DEFAULT = Duration.ofDays(30);
    static final int INCIDENTS_LIMIT = 100;
    static final int INCIDENTS_MAX = 10_000;

    private final HistoryStore store;
    private final MonitorDirectory directory;
    private final DailyUptime daily;
    private final Clock clock;

    HistoryHandler(HistoryStore store, MonitorDirectory directory, DailyUptime daily, Clock clock) {
        this.store = store;
        this.directory = directory;
        this.daily = daily;
        this.clock = clock;
    }

    /** {@code GET /api/v1/monitors/{name}/uptime?window=|from=&to=}. */
    Mono<ServerResponse> uptime(ServerRequest request) {
        return Mono.defer(() -> {
            String name = request.pathVariable("name");
            Instant now = now(clock);
            HistoryRange range = Params.range(request, now, UPTIME_DEFAULT);
            return directory.find(name, now)
                    .then(store.uptime(name, range.from(), range.to()))
                    .map(UptimeView::of)
                    .flatMap(Responses::json);
        }).onErrorResume(Responses::error);
    }

    /** {@code GET /api/v1/uptime?window=|from=&to=}: every live monitor and every one with stored history. */
    Mono<ServerResponse> uptimeAll(ServerRequest request) {
        return Mono.defer(() -> {
            HistoryRange range = Params.range(request, now(clock), UPTIME_DEFAULT);
            return store.uptimeAll(range.from(), range.to())
                    .map(reports -> views(reports, range))
                    .flatMap(Responses::json);
        }).onErrorResume(Responses::error);
    }

    /** {@code GET /api/v1/uptime/daily?days=}: every monitor's uptime per UTC day, ending with today. */
    Mono<ServerResponse> daily(ServerRequest request) {
        return Mono.defer(() -> {
            int days = Params.integer(request, "days", DailyUptime.DEFAULT_DAYS, 1, DailyUptime.MAX_DAYS);
            return daily.bars(days, name -> true).flatMap(Responses::json);
        }).onErrorResume(Responses::error);
    }

    /** {@code GET /api/v1/monitors/{name}/history?from=&to=&step=}. */
    Mono<ServerResponse> history(ServerRequest request) {
        return Mono.defer(() -> {
            String name = request.pathVariable("name");
            Instant now = now(clock);
            HistoryRange range = Params.range(request, now, HISTORY_DEFAULT);
            Duration step = Params.step(request, range);
            long width = store.config().retention().pointWidth(step, range.from(), now).toSeconds();
            return directory.find(name, now)
                    .then(store.history(name, range.from(), range.to(), step).collectList())
                    .map(points -> HistoryView.of(name, width, points))
                    .flatMap(Responses::json);
        }).onErrorResume(Responses::error);
    }

    /** {@code GET /api/v1/monitors/{name}/incidents?from=&to=&limit=}: newest first. */
    Mono<ServerResponse> incidents(ServerRequest request) {
        return Mono.defer(() -> {
            String name = request.pathVariable("name");
            Instant now = now(clock);
            HistoryRange range = Params.range(request, now, INCIDENTS_DEFAULT);
            int limit = Params.integer(request, "limit", INCIDENTS_LIMIT, 1, INCIDENTS_MAX);
            return directory.find(name, now)
                    .then(store.incidents(name, range.from(), range.to(), limit).map(IncidentView::of).collectList())
                    .flatMap(Responses::json);
        }).onErrorResume(Responses::error);
    }

    private Map<String, UptimeView> views(Map<String, UptimeReport> reports, HistoryRange range) {
        Map<String, UptimeView> views = new TreeMap<>();
        reports.forEach((name, report) -> views.put(name, UptimeView.of(report)));
        for (MonitorSnapshot snapshot : directory.live()) {
            views.computeIfAbsent(snapshot.name(), name -> UptimeView.empty(name, range));
        }
        return views;
    }

    /** Returns now, to the second: the API speaks unix seconds. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
