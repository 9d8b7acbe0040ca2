package dev.healthmon.agent;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.healthmon.core.model.Durations;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.Target;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;

/**
 * One request to the agent's health endpoint, {@code ?scheme=&host=&path=&timeout=<ms>}, read into the target and
 * config a probe needs.
 *
 * @param target the target: {@code scheme://host} for a network target, {@code file://path} for a file
 * @param config the check's config: the timeout and, for network targets, the path
 */
record AgentHealthRequest(Target target, HealthCheckConfig config) {

    /** The longest timeout a caller may ask for; a check must not hold the agent's resources for long. */
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");

    /**
     * Returns the request read from {@code uri}'s query.
     *
     * @throws InvalidConfigException naming the parameter that is missing or invalid
     */
    static AgentHealthRequest parse(String uri) {
        Map<String, List<String>> query = new QueryStringDecoder(uri).parameters();
        String scheme = single(query, "scheme");
        if (scheme == null || scheme.isBlank()) {
            throw new InvalidConfigException("scheme", "missing scheme");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!SCHEME.matcher(scheme).matches()) {
            throw new InvalidConfigException("scheme", "'" + scheme + "' is not a URL scheme");
        }
        String host = single(query, "host");
        String path = single(query, "path");
        HealthCheckConfig.Builder config = HealthCheckConfig.builder().timeout(timeout(single(query, "timeout")));
        if (scheme.equals("file")) {
            if (path == null || !path.startsWith("/")) {
                throw new InvalidConfigException("path", "a file check needs an absolute path");
            }
            return new AgentHealthRequest(Target.of(uri("path", () -> new URI("file", "", path, null, null))),
                    config.build());
        }
        if (host == null || host.isBlank()) {
            throw new InvalidConfigException("host", "missing host");
        }
        String target = scheme + "://" + host;
        URI url = uri("host", () -> new URI(target));
        if (url.getHost() == null || url.getRawUserInfo() != null || !url.getRawPath().isEmpty()
                || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new InvalidConfigException("host", "'" + host + "' (expected: host or host:port)");
        }
        return new AgentHealthRequest(Target.of(url), config.path(path).build());
    }

    private static Duration timeout(@Nullable String millis) {
        if (millis == null) {
            return HealthCheckConfig.DEFAULT_TIMEOUT;
        }
        long value;
        try {
            value = Long.parseLong(millis);
        }
        catch (NumberFormatException e) {
            throw new InvalidConfigException("timeout", "'" + millis + "' (expected: milliseconds)");
        }
        Duration timeout = Duration.ofMillis(value);
        if (value <= 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidConfigException("timeout", value + "ms (expected: 1ms to "
                    + Durations.format(MAX_TIMEOUT) + ")");
        }
        return timeout;
    }

    private static @Nullable String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidConfigException(name, "given " + values.size() + " times");
        }
        return values.get(0);
    }

    private static URI uri(String field, UriSupplier supplier) {
        try {
            return supplier.get();
        }
        catch (URISyntaxException e) {
            throw new InvalidConfigException(field, "not a valid URL: " + e.getMessage());
        }
    }

    /** Builds a URI that may not parse. */
    @FunctionalInterface
    private interface UriSupplier {
        URI get() throws URISyntaxException;
    }
}
