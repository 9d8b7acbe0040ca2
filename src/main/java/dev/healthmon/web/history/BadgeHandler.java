package dev.healthmon.web.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.healthmon.store.HistoryRange;
import dev.healthmon.store.HistoryStore;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Serves the SVG badges of a monitor: its status, its uptime over a window and its mean latency. */
final class BadgeHandler {

    static final Duration UPTIME_DEFAULT = Duration.ofDays(30);
    static final Duration LATENCY_DEFAULT = Duration.ofHours(24);

    private final HistoryStore store;
    private final MonitorDirectory directory;
    private final Clock clock;

    BadgeHandler(HistoryStore store, MonitorDirectory directory, Clock clock) {
        this.store = store;
        this.directory = directory;
        this.clock = clock;
    }

    /** {@code GET /api/v1/badges/{name}/status.svg}: the live status, or the last one stored. */
    Mono<ServerResponse> status(ServerRequest request) {
        return Mono.defer(() -> directory.find(request.pathVariable("name"), HistoryHandler.now(clock))
                .map(known -> Badge.status(known.name(), known.status()).svg())
                .flatMap(Responses::svg))
                .onErrorResume(Responses::error);
    }

    /** {@code GET /api/v1/badges/{name}/uptime.svg?window=30d}. */
    Mono<ServerResponse> uptime(ServerRequest request) {
        return Mono.defer(() -> {
            String name = request.pathVariable("name");
            Instant now = HistoryHandler.now(clock);
            HistoryRange range = Params.range(request, now, UPTIME_DEFAULT);
            return directory.find(name, now)
                    .then(store.uptime(name, range.from(), range.to()))
                    .map(report -> Badge.uptime(name, report.uptime()).svg())
                    .flatMap(Responses::svg);
        }).onErrorResume(Responses::error);
    }

    /** {@code GET /api/v1/badges/{name}/latency.svg?window=24h}: the mean latency of the passing checks. */
    Mono<ServerResponse> latency(ServerRequest request) {
        return Mono.defer(() -> {
            String name = request.pathVariable("name");
            Instant now = HistoryHandler.now(clock);
            HistoryRange range = Params.range(request, now, LATENCY_DEFAULT);
            return directory.find(name, now)
                    .then(store.uptime(name, range.from(), range.to()))
                    .map(report -> Badge.latency(name, report.latency().avg()).svg())
                    .flatMap(Responses::svg);
        }).onErrorResume(Responses::error);
    }
}
