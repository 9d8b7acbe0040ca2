package dev.healthmon.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.healthmon.core.model.Durations;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.Target;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@link MonitorProperties} into {@link MonitorSpec}s: parses every value, applies the global defaults and
 * rejects what is invalid with an {@link InvalidConfigException} that names the monitor and the field.
 *
 * <pre>{@code
 * MonitorSpecReader reader = MonitorSpecReader.create(properties.defaults(), Set.of("ntfy"));
 * List<MonitorSpec> specs = reader.readAll(properties.monitors());   // or throws: "monitor 'api': interval: ..."
 * }</pre>
 */
public final class MonitorSpecReader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final HealthCheckConfig defaults;
    private final Set<String> notifications;

    private MonitorSpecReader(HealthCheckConfig defaults, Set<String> notifications) {
        this.defaults = requireNonNull(defaults, "defaults");
        this.notifications = Set.copyOf(notifications);
    }

    /**
     * Returns a reader that applies {@code defaults} (the {@code healthmon.defaults} block) and accepts the
     * notifications named in {@code notifications}.
     *
     * @throws InvalidConfigException naming the field of {@code defaults} that is invalid, as
     *         {@code defaults.interval}
     */
    public static MonitorSpecReader create(MonitorProperties defaults, Set<String> notifications) {
        try {
            for (String field : List.of("name", "url", "docker", "agent")) {
                if (defaults.toMap().containsKey(field)) {
                    throw new InvalidConfigException(field, "is not a default (set it on each monitor)");
                }
            }
            if (!defaults.notifyNames().isEmpty()) {
                throw new InvalidConfigException("notify", "is not a default (set it on each monitor)");
            }
            return new MonitorSpecReader(checkConfig(defaults), notifications);
        }
        catch (InvalidConfigException e) {
            throw new InvalidConfigException("defaults." + e.field(), e.problem());
        }
    }

    /** Returns the global defaults, built-in defaults filled in. */
    public HealthCheckConfig defaults() {
        return defaults.applyDefaults(HealthCheckConfig.defaults());
    }

    /**
     * Returns the specs of {@code monitors}, in order.
     *
     * @throws InvalidConfigException for the first invalid monitor, a missing name (named by its position) or a
     *         name used twice
     */
    public List<MonitorSpec> readAll(List<MonitorProperties> monitors) {
        List<MonitorSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < monitors.size(); i++) {
            MonitorProperties properties = monitors.get(i);
            MonitorSpec spec;
            try {
                spec = read(properties);
            }
            catch (InvalidConfigException e) {
                throw e.monitor() != null ? e : e.forMonitor("healthmon.monitors[" + i + "]");
            }
            if (!names.add(spec.name())) {
                throw new InvalidConfigException("name", "duplicate monitor name (names must be unique)")
                        .forMonitor(spec.name());
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    /**
     * Returns the spec of one monitor.
     *
     * @throws InvalidConfigException naming the field, and the monitor when it has a name
     */
    public MonitorSpec read(MonitorProperties properties) {
        String name = name(properties.name());
        try {
            URI url = url(properties.url());
            Target target = new Target(url, docker(properties.docker()), agent(properties.agent()));
            HealthCheckConfig config = checkConfig(properties).applyDefaults(defaults);
            return new MonitorSpec(name, target, config, notify(properties.notifyNames()));
        }
        catch (InvalidConfigException e) {
            throw e.forMonitor(name);
        }
    }

    private static String name(@Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException("name", "missing (every monitor needs a unique name)");
        }
        String name = value.trim();
        if (!NAME.matcher(name).matches()) {
            throw new InvalidConfigException("name", "'" + value + "' (expected: up to 128 letters, digits, '.', "
                    + "'_' or '-', starting with a letter or digit)");
        }
        return name;
    }

    private static URI url(@Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException("url", "missing (such as http://localhost:8080 or tcp://db:5432)");
        }
        URI url = uri("url", value.trim());
        // "localhost:8080" parses as scheme "localhost": it is a host and port without a scheme
        boolean hostAndPort = url.isOpaque() && url.getSchemeSpecificPart().matches("\\d+(/.*)?");
        if (url.getScheme() == null || hostAndPort) {
            throw new InvalidConfigException("url", "'" + value + "' has no scheme (such as http://, h2c://, "
                    + "tcp://, udp:// or file://)");
        }
        return url;
    }

    private static Target.@Nullable DockerTarget docker(MonitorProperties.@Nullable DockerProperties value) {
        if (value == null) {
            return null;
        }
        if (value.container() == null || value.container().isBlank()) {
            throw new InvalidConfigException("docker.container", "missing (the container's name or id)");
        }
        String host = value.host();
        return new Target.DockerTarget(value.container().trim(),
                host == null || host.isBlank() ? null : uri("docker.host", host.trim()));
    }

    private static @Nullable URI agent(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        URI agent = uri("agent", value.trim());
        String scheme = agent.getScheme() == null ? "" : agent.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidConfigException("agent", "'" + value + "' (expected: an http:// or https:// URL)");
        }
        return agent;
    }

    private List<String> notify(List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String raw : names) {
            String name = raw.trim();
            if (!notifications.contains(name)) {
                throw new InvalidConfigException("notify", "unknown notification '" + name + "' (configured: "
                        + (notifications.isEmpty() ? "none" : String.join(", ", new TreeSet<>(notifications)))
                        + ")");
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    private static HealthCheckConfig checkConfig(MonitorProperties p) {
        return HealthCheckConfig.builder()
                .interval(duration("interval", p.interval()))
                .timeout(duration("timeout", p.timeout()))
                .path(blankToNull(p.path()))
                .method(blankToNull(p.method()))
                .retries(integer("retries", p.retries(), 0))
                .jitter(duration("jitter", p.jitter()))
                .healthyThreshold(integerOrNull("healthyThreshold", p.healthyThreshold()))
                .maxErrors(integerOrNull("maxErrors", p.maxErrors()))
                .expectStatus(statuses(p.expectStatus()))
                .tlsVerify(bool("tlsVerify", p.tlsVerify()))
                .payload(p.payload())
                .expect(p.expect())
                .build();
    }

    private static @Nullable Duration duration(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Durations.parse(value);
        }
        catch (IllegalArgumentException e) {
            throw new InvalidConfigException(field, e.getMessage() == null ? "invalid duration" : e.getMessage());
        }
    }

    private static int integer(String field, @Nullable String value, int unset) {
        Integer parsed = integerOrNull(field, value);
        return parsed == null ? unset : parsed;
    }

    private static @Nullable Integer integerOrNull(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        }
        catch (NumberFormatException e) {
            throw new InvalidConfigException(field, "'" + value + "' is not a whole number");
        }
    }

    private static Set<Integer> statuses(List<String> values) {
        Set<Integer> out = new TreeSet<>();
        for (String value : values) {
            Integer code = integerOrNull("expectStatus", value);
            if (code != null) {
                out.add(code);
            }
        }
        return out;
    }

    private static @Nullable Boolean bool(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new InvalidConfigException(field, "'" + value + "' (expected: true or false)");
        };
    }

    private static URI uri(String field, String value) {
        try {
            return new URI(value);
        }
        catch (URISyntaxException e) {
            throw new InvalidConfigException(field, "'" + value + "' is not a URL: " + e.getReason());
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
