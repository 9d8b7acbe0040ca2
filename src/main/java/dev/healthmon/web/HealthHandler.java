package dev.healthmon.web;

import static java.util.Objects.requireNonNull;

import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Serves {@code GET /api/v1/health} (name to monitor JSON) and {@code GET /api/v1/health/{name}}. */
public final class HealthHandler {

    private final MonitorRegistry registry;

    /** Returns a handler that reads {@code registry}. */
    public HealthHandler(MonitorRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    /** Returns every monitor's JSON, by name, ordered by name. */
    public Mono<ServerResponse> all(ServerRequest request) {
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(MonitorJson.byName(registry.snapshot()));
    }

    /** Returns the JSON of the monitor named in the path, or 404 with {@code {"error"}}. */
    public Mono<ServerResponse> one(ServerRequest request) {
        String name = request.pathVariable("name");
        return registry.get(name)
                .map(HealthMonitor::snapshot)
                .map(snapshot -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(MonitorView.of(snapshot)))
                .orElseGet(() -> notFound(name));
    }

    static Mono<ServerResponse> notFound(String name) {
        return ServerResponse.status(HttpStatus.NOT_FOUND)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ErrorView.of("no monitor named '" + name + "'"));
    }
}
