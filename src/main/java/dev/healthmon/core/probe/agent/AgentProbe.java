package dev.healthmon.core.probe.agent;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.probe.Bodies;
import dev.healthmon.core.probe.EgressPolicy;
import dev.healthmon.core.probe.Latency;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.core.probe.UrlPaths;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringEncoder;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a target through a remote agent, the seed's agent-proxied monitor: the agent runs the check where the
 * target lives and answers {@code GET {agent}/godoxy/agent/health?scheme=&host=&path=&timeout=<ms>} with
 * {@code {"healthy":bool,"detail":string,"latency":<nanoseconds>}}.
 *
 * <ul>
 *   <li>the agent reports healthy: a pass; unhealthy: a fail, with the agent's detail and latency;</li>
 *   <li>any status but 200: a fail, "HTTP 502 Bad Gateway: &lt;the agent's error or body&gt;";</li>
 *   <li>the agent cannot be reached, or its answer is not that JSON: a check error
 *       ({@link AgentCheckException}).</li>
 * </ul>
 *
 * <p>The query names the target the way the agent rebuilds it: {@code scheme} and {@code host} ({@code host:port})
 * of the checked URL; {@code path}, for HTTP targets the URL's path joined with the configured path and
 * followed by the URL's query, exactly the request target of a direct check ({@link UrlPaths#join}), for
 * {@code file://} targets the file's path, absent for streams; {@code timeout}, the configured timeout in
 * milliseconds.
 *
 * <pre>{@code
 * Probe probe = AgentProbe.create(URI.create("https://agent.lan:8890"), config, agentClient);
 * }</pre>
 */
public final class AgentProbe implements Probe {

    /** The agent's health endpoint, below the agent's base URL. */
    public static final String HEALTH_PATH = "/godoxy/agent/health";

    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_DETAIL_CHARS = 512;

    private final URI agent;
    private final String endpoint;
    private final HealthCheckConfig config;
    private final AgentClient client;

    private AgentProbe(URI agent, String endpoint, HealthCheckConfig config, AgentClient client) {
        this.agent = agent;
        this.endpoint = endpoint;
        this.config = config;
        this.client = client;
    }

    /**
     * Returns a probe that asks the agent at {@code agent} (such as {@code https://agent.lan:8890}) through
     * {@code client}, with the path and timeout of {@code config}.
     *
     * @throws InvalidConfigException naming {@code agent} when it is not an {@code http(s)://host[:port]} URL
     */
    public static AgentProbe create(URI agent, HealthCheckConfig config, AgentClient client) {
        requireNonNull(agent, "agent");
        requireNonNull(config, "config");
        requireNonNull(client, "client");
        String scheme = agent.getScheme() == null ? "" : agent.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidConfigException("agent", "'" + agent + "' (expected: http:// or https:// agent URL)");
        }
        if (agent.getHost() == null || agent.getRawQuery() != null || agent.getRawFragment() != null) {
            throw new InvalidConfigException("agent", "'" + agent
                    + "' (expected: a host and no query or fragment, such as https://agent.lan:8890)");
        }
        String base = agent.toString();
        String endpoint = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + HEALTH_PATH;
        return new AgentProbe(agent, endpoint, config, client);
    }

    /**
     * Returns a cold {@code Mono} that asks the agent to check {@code url} once and emits the agent's verdict, on
     * the client's event loop. A fail is a value; an unreachable agent or an invalid answer signals an
     * {@link AgentCheckException}. Cancelling it closes the request, and the agent stops its check.
     */
    @Override
    public Mono<HealthCheckResult> check(URI url) {
        String request = requestUri(url);
        return Mono.defer(() -> {
            long start = Latency.start();
            return client.http()
                    .get()
                    .uri(request)
                    .response((response, body) -> Bodies.readAtMost(body, MAX_BODY_BYTES)
                            .map(text -> interpret(response.status(), text, Latency.since(start))))
                    .next();
        })
                // an agent the egress policy refuses is a fail, as any other denied target
                .onErrorResume(EgressPolicy::denied, e -> Mono.just(HealthCheckResult.unhealthy(EgressPolicy.DENIED)))
                .onErrorMap(e -> e instanceof Exception && !(e instanceof AgentCheckException),
                        e -> AgentCheckException.unreachable(agent, e));
    }

    @Override
    public String toString() {
        return "AgentProbe[" + agent + "]";
    }

    /** Returns the agent request that checks {@code url}: the endpoint with its query. */
    String requestUri(URI url) {
        requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        QueryStringEncoder query = new QueryStringEncoder(endpoint);
        query.addParam("scheme", scheme);
        if (url.getHost() != null) {
            query.addParam("host", url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort());
        }
        String path = targetPath(scheme, url);
        if (!path.isEmpty()) {
            query.addParam("path", path);
        }
        query.addParam("timeout", Long.toString(config.timeout().toMillis()));
        return query.toString();
    }

    // the agent rebuilds an HTTP target as scheme://host + path, so the path carries the URL's query along
    private String targetPath(String scheme, URI url) {
        if (scheme.equals("file")) {
            return url.getPath() == null ? "" : url.getPath();
        }
        if (scheme.startsWith("tcp") || scheme.startsWith("udp")) {
            return "";
        }
        return UrlPaths.join(url, config.path());
    }

    private HealthCheckResult interpret(HttpResponseStatus status, String body, Duration elapsed) {
        if (status.code() != 200) {
            String message = errorMessage(body);
            return HealthCheckResult.unhealthy("HTTP " + status.code() + " " + status.reasonPhrase()
                    + (message.isEmpty() ? "" : ": " + message), elapsed);
        }
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(body);
        }
        catch (JacksonException e) {
            throw invalid("not JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode healthy = root.path("healthy");
        JsonNode detail = root.path("detail");
        JsonNode latency = root.path("latency");
        if (!healthy.isBoolean()) {
            throw invalid("no boolean \"healthy\"");
        }
        if (!detail.isMissingNode() && !detail.isNull() && !detail.isString()) {
            throw invalid("\"detail\" is not a string");
        }
        if (!latency.isMissingNode() && !(latency.isIntegralNumber() && latency.canConvertToLong()
                && latency.longValue() >= 0)) {
            throw invalid("\"latency\" is not a non-negative number of nanoseconds");
        }
        return new HealthCheckResult(healthy.booleanValue(), detail.isString() ? detail.asString() : "",
                Duration.ofNanos(latency.isMissingNode() ? 0 : latency.longValue()));
    }

    private AgentCheckException invalid(String why) {
        return new AgentCheckException("invalid answer from agent " + agent + ": " + why);
    }

    /** Returns what the agent said went wrong: its JSON {@code error}, else the body, bounded. */
    private static String errorMessage(String body) {
        String message = body.strip();
        try {
            JsonNode error = JsonMapper.shared().readTree(body).path("error");
            if (error.isString()) {
                message = error.asString().strip();
            }
        }
        catch (JacksonException ignored) {
            // not JSON, as a proxy's error page: the body itself is the message
        }
        return message.length() <= MAX_DETAIL_CHARS ? message : message.substring(0, MAX_DETAIL_CHARS) + "...";
    }
}
