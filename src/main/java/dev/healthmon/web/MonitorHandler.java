package dev.healthmon.web;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.InvalidConfigException;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Serves monitor management: {@code POST /api/v1/monitors}, {@code GET}, {@code PUT} and
 * {@code DELETE /api/v1/monitors/{name}} and {@code POST /api/v1/monitors/{name}/restart}. Bodies are the monitor's
 * fields as in the config file; bad input gets 400 with {@code {"error","field"}}, a taken name 409, and so does a
 * change or removal of a monitor that the config file defines.
 */
public final class MonitorHandler {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };

    private final MonitorCommands commands;
    private final ApiAllowance allowance;

    /**
     * Returns a handler that carries requests out with {@code commands}; a monitor may not use a {@code file://}
     * URL, a Docker host, an agent or a raw payload.
     */
    public MonitorHandler(MonitorCommands commands) {
        this(commands, Set.of());
    }

    /**
     * Returns a handler that carries requests out with {@code commands}; a monitor may use a {@code file://} URL,
     * a Docker host, an agent or a raw payload only when {@code allowed} ({@code healthmon.api.allow}) lists
     * {@code file}, {@code docker}, {@code agent} or {@code payload}.
     */
    public MonitorHandler(MonitorCommands commands, Set<String> allowed) {
        this.commands = requireNonNull(commands, "commands");
        this.allowance = new ApiAllowance(allowed);
    }

    /** Creates a monitor: 201 with its JSON. */
    public Mono<ServerResponse> create(ServerRequest request) {
        return body(request)
                .map(commands::create)
                .flatMap(snapshot -> ServerResponse.created(URI.create("/api/v1/health/" + snapshot.name()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(MonitorView.of(snapshot)))
                .onErrorResume(MonitorHandler::isBadInput, MonitorHandler::badInput);
    }

    /** Replaces or creates the monitor named in the path: 200 or 201 with its JSON. */
    public Mono<ServerResponse> replace(ServerRequest request) {
        String name = request.pathVariable("name");
        return body(request)
                .map(written -> commands.replace(name, written))
                .flatMap(replaced -> ServerResponse.status(replaced.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(MonitorView.of(replaced.snapshot())))
                .onErrorResume(MonitorHandler::isBadInput, MonitorHandler::badInput);
    }

    /** Returns the monitor named in the path as it was written (its fields, not their defaults): 200, or 404. */
    public Mono<ServerResponse> written(ServerRequest request) {
        String name = request.pathVariable("name");
        return Mono.fromSupplier(() -> commands.written(name))
                .flatMap(written -> written
                        .map(fields -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(fields))
                        .orElseGet(() -> HealthHandler.notFound(name)));
    }

    /** Removes the monitor named in the path: 204, 404, or 409 when the config file defines it. */
    public Mono<ServerResponse> delete(ServerRequest request) {
        String name = request.pathVariable("name");
        return Mono.fromSupplier(() -> commands.remove(name))
                .flatMap(removed -> removed ? ServerResponse.noContent().build() : HealthHandler.notFound(name))
                .onErrorResume(MonitorConflictException.class, MonitorHandler::badInput);
    }

    /** Restarts the monitor named in the path: 200 with its JSON, or 404. */
    public Mono<ServerResponse> restart(ServerRequest request) {
        String name = request.pathVariable("name");
        return Mono.fromSupplier(() -> commands.restart(name))
                .flatMap(restarted -> restarted
                        .map(snapshot -> ServerResponse.ok()
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(MonitorView.of(snapshot)))
                        .orElseGet(() -> HealthHandler.notFound(name)))
                .onErrorResume(IllegalStateException.class, e -> ServerResponse.status(HttpStatus.CONFLICT)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(ErrorView.of(String.valueOf(e.getMessage()))));
    }

    private Mono<Map<String, Object>> body(ServerRequest request) {
        return request.bodyToMono(JSON_OBJECT)
                .onErrorMap(e -> e instanceof DecodingException || e instanceof ServerWebInputException,
                        e -> new InvalidConfigException("body", "not a JSON object: " + rootMessage(e)))
                .switchIfEmpty(Mono.error(() -> new InvalidConfigException("body", "missing (expected: a JSON "
                        + "object with the monitor's fields)")))
                .map(allowance::check);
    }

    private static boolean isBadInput(Throwable e) {
        return e instanceof InvalidConfigException || e instanceof MonitorConflictException;
    }

    private static Mono<ServerResponse> badInput(Throwable e) {
        if (e instanceof MonitorConflictException conflict) {
            return ServerResponse.status(HttpStatus.CONFLICT)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(new ErrorView(String.valueOf(conflict.getMessage()), "name"));
        }
        InvalidConfigException invalid = (InvalidConfigException) e;
        return ServerResponse.badRequest()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new ErrorView(String.valueOf(invalid.getMessage()), invalid.field()));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
