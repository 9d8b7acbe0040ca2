package dev.healthmon.web;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import dev.healthmon.core.model.ActiveWindow;
import dev.healthmon.core.model.Durations;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Serves ad hoc maintenance windows (DESIGN section 12): {@code POST /api/v1/monitors/{name}/mute?for=2h} and
 * {@code POST /api/v1/groups/{group}/mute?for=2h} open one (200 with {@code {"name","maintenance"}}), {@code DELETE}
 * on the same paths ends it (204, or 404 when there was none). A bad {@code for} is a 400; an unknown monitor or a
 * group without monitors a 404.
 */
public final class MuteHandler {

    static final String GROUPS = "/api/v1/groups";

    private final MonitorRegistry registry;

    /** Returns a handler that opens and ends the windows of {@code registry}. */
    public MuteHandler(MonitorRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    /** Mutes the monitor named in the path. */
    public Mono<ServerResponse> muteMonitor(ServerRequest request) {
        String name = request.pathVariable("name");
        return mute(request, name, length -> registry.mute(name, length), "no monitor named '" + name + "'");
    }

    /** Mutes every monitor of the group named in the path. */
    public Mono<ServerResponse> muteGroup(ServerRequest request) {
        String group = request.pathVariable("group");
        return mute(request, group, length -> registry.muteGroup(group, length), "no monitor in group '" + group + "'");
    }

    /** Ends the mute of the monitor named in the path. */
    public Mono<ServerResponse> unmuteMonitor(ServerRequest request) {
        String name = request.pathVariable("name");
        return ended(registry.unmute(name), "monitor '" + name + "' is not muted");
    }

    /** Ends the mute of the group named in the path. */
    public Mono<ServerResponse> unmuteGroup(ServerRequest request) {
        String group = request.pathVariable("group");
        return ended(registry.unmuteGroup(group), "group '" + group + "' is not muted");
    }

    private static Mono<ServerResponse> mute(ServerRequest request, String name,
            Function<Duration, Optional<ActiveWindow>> opener, String missing) {
        Optional<String> written = request.queryParam("for");
        Duration length;
        try {
            length = Durations.parse(written.orElse(""));
        }
        catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, "for: '" + written.orElse("") + "' is not a duration (such as 2h)",
                    "for");
        }
        if (length.isZero() || length.isNegative()) {
            return error(HttpStatus.BAD_REQUEST, "for: " + written.orElse("") + " (expected: > 0)", "for");
        }
        if (length.compareTo(Durations.MAX) > 0) {
            // PT2562048H parses, but a mute of 292 years is a typo or an attack, as every duration over 365d is
            return error(HttpStatus.BAD_REQUEST, "for: " + written.orElse("") + " (expected: at most 365d)", "for");
        }
        Optional<ActiveWindow> window = opener.apply(length);
        return window.map(open -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(new MuteView(name, MaintenanceView.of(open))))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, missing, null));
    }

    private static Mono<ServerResponse> ended(boolean ended, String missing) {
        return ended ? ServerResponse.noContent().build() : error(HttpStatus.NOT_FOUND, missing, null);
    }

    private static Mono<ServerResponse> error(HttpStatus status, String message, @Nullable String field) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new ErrorView(message, field));
    }

    /** The answer to a mute: what was muted, and the window. */
    record MuteView(String name, MaintenanceView maintenance) {
    }
}
