package dev.healthmon.web;

import static java.util.Objects.requireNonNull;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Serves {@code POST /api/v1/config/reload}: 200 with {@code {"action":"applied","added","removed","changed"}}, or
 * 400 with {@code {"action":"rejected","error","monitor","field"}} when the file is invalid and nothing changed;
 * the same JSON as the SSE {@code config} event.
 */
public final class ConfigHandler {

    private final ConfigReloads reloads;

    /** Returns a handler that reloads with {@code reloads}. */
    public ConfigHandler(ConfigReloads reloads) {
        this.reloads = requireNonNull(reloads, "reloads");
    }

    /** Reloads the config file. */
    public Mono<ServerResponse> reload(ServerRequest request) {
        return reloads.reload()
                .flatMap(outcome -> (outcome.applied() ? ServerResponse.ok() : ServerResponse.badRequest())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(EventViews.of(outcome)));
    }
}
