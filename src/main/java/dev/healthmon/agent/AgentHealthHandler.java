package dev.healthmon.agent;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.probe.Failures;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.core.schedule.MonitorLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves {@code GET /godoxy/agent/health}: runs the probe for the requested target, bounded by the requested
 * timeout, and answers {@code {"healthy","detail","latency"}} (latency in nanoseconds) with 200; 400
 * {@code {"error","field"}} for a bad request; 500 {@code {"error"}} when the check could not be performed.
 */
final class AgentHealthHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger log = LoggerFactory.getLogger(AgentHealthHandler.class);

    private final ProbeResolver resolver;
    private final AgentServerConfig config;
    private final byte @Nullable [] token;
    // the checks running now, bounded by config.maxChecks(): taken before a check, given back when it ends
    private final AtomicInteger running = new AtomicInteger();

    AgentHealthHandler(ProbeResolver resolver) {
        this(resolver, AgentServerConfig.of("127.0.0.1", 0).withAllowFile(true));
    }

    AgentHealthHandler(ProbeResolver resolver, AgentServerConfig config) {
        this.resolver = requireNonNull(resolver, "resolver");
        this.config = requireNonNull(config, "config");
        this.token = config.token() == null ? null : config.token().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        return guarded(request)
                .flatMap(answer -> response.status(answer.status())
                        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .sendString(Mono.just(answer.json()))
                        .then());
    }

    private Mono<Answer> guarded(HttpServerRequest request) {
        if (token != null && !matches(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION))) {
            return Mono.just(Answer.status(HttpResponseStatus.UNAUTHORIZED, "missing or invalid bearer token"));
        }
        if (running.incrementAndGet() > config.maxChecks()) {
            running.decrementAndGet();
            return Mono.just(Answer.status(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy: " + config.maxChecks()
                    + " checks run already (--max-checks); try again later"));
        }
        return answer(request.uri())
                .doFinally(signal -> running.decrementAndGet());
    }

    private boolean matches(@Nullable String header) {
        if (token == null || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // constant time, so the token cannot be guessed byte by byte from response times
        return MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8), token);
    }

    /** Returns a cold {@code Mono} of the answer to {@code uri}; it never signals an error. */
    Mono<Answer> answer(String uri) {
        AgentHealthRequest request;
        Probe probe;
        try {
            request = AgentHealthRequest.parse(uri);
            if (!config.allowFile() && "file".equals(request.target().url().getScheme())) {
                return Mono.just(Answer.status(HttpResponseStatus.FORBIDDEN, "file checks are off on this agent "
                        + "(start it with --allow-file)"));
            }
            probe = resolver.resolve(request.target(), request.config());
        }
        catch (InvalidConfigException e) {
            return Mono.just(Answer.badRequest(e));
        }
        catch (RuntimeException e) {
            log.warn("agent: cannot resolve a probe for {}", uri, e);
            return Mono.just(Answer.error(Failures.message(e)));
        }
        // the monitor loop's own bounded check: a timed-out check is answered as the caller's monitor would see it
        return MonitorLoop.check(probe, request.target().url(), request.config().timeout(), Schedulers.parallel())
                .map(Answer::of)
                // a check that could not run is an answer; a JVM error is a bug and propagates
                .onErrorResume(e -> e instanceof Exception, e -> Mono.just(Answer.error(Failures.message(e))));
    }

    /** An HTTP status and its JSON body. */
    record Answer(HttpResponseStatus status, String json) {

        static Answer of(HealthCheckResult result) {
            ObjectNode body = JsonMapper.shared().createObjectNode()
                    .put("healthy", result.healthy())
                    .put("detail", result.detail())
                    .put("latency", result.latency().toNanos());
            return new Answer(HttpResponseStatus.OK, body.toString());
        }

        static Answer badRequest(InvalidConfigException e) {
            ObjectNode body = JsonMapper.shared().createObjectNode()
                    .put("error", e.getMessage())
                    .put("field", e.field());
            return new Answer(HttpResponseStatus.BAD_REQUEST, body.toString());
        }

        static Answer status(HttpResponseStatus status, String message) {
            ObjectNode body = JsonMapper.shared().createObjectNode().put("error", message);
            return new Answer(status, body.toString());
        }

        static Answer error(String message) {
            ObjectNode body = JsonMapper.shared().createObjectNode().put("error", message);
            return new Answer(HttpResponseStatus.INTERNAL_SERVER_ERROR, body.toString());
        }
    }
}
