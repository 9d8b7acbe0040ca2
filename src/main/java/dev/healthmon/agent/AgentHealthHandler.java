package dev.healthmon.agent;

import static java.util.Objects.requireNonNull;

import java.util.function.BiFunction;

import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.probe.Failures;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.core.schedule.MonitorLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
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

    AgentHealthHandler(ProbeResolver resolver) {
        this.resolver = requireNonNull(resolver, "resolver");
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        return answer(request.uri())
                .flatMap(answer -> response.status(answer.status())
                        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .sendString(Mono.just(answer.json()))
                        .then());
    }

    /** Returns a cold {@code Mono} of the answer to {@code uri}; it never signals an error. */
    Mono<Answer> answer(String uri) {
        AgentHealthRequest request;
        Probe probe;
        try {
            request = AgentHealthRequest.parse(uri);
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

        static Answer error(String message) {
            ObjectNode body = JsonMapper.shared().createObjectNode().put("error", message);
            return new Answer(HttpResponseStatus.INTERNAL_SERVER_ERROR, body.toString());
        }
    }
}
