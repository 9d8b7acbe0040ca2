package dev.healthmon.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.healthmon.core.model.Durations;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorSettings;
import dev.healthmon.core.model.Target;
import org.jspecify.annotations.Nullable;

/**
 * Turns monitors as written (a monitor of {@code healthmon.monitors}, or a decoded JSON object) into
 * {@link MonitorSpec}s: reads them with the table of {@link MonitorSettings}, applies {@code healthmon.defaults}
 * and then the built-in defaults, and rejects what is invalid with an {@link InvalidConfigException} that names
 * the monitor and the field.
 *
 * <pre>{@code
 * MonitorSpecReader reader = MonitorSpecReader.create(properties.defaults(), Set.of("ntfy"));
 * List<MonitorSpec> specs = reader.readAll(properties.monitors());   // or throws: "monitor 'api': interval: ..."
 * }</pre>
 */
public final class MonitorSpecReader {

    /** Names a monitor may not have: {@code /api/v1/health/stream} is the stream of every monitor. */
    static final Set<String> RESERVED = Set.of("stream");

    private final HealthCheckConfig defaults;
    private final Set<String> notifications;
    private final Duration minInterval;

    private MonitorSpecReader(HealthCheckConfig defaults, Set<String> notifications, Duration minInterval) {
        this.defaults = requireNonNull(defaults, "defaults");
        this.notifications = Set.copyOf(notifications);
        this.minInterval = requireNonNull(minInterval, "minInterval");
    }

    /**
     * Returns a reader that applies {@code defaults} (the {@code healthmon.defaults} block, as written) and accepts
     * the notifications named in {@code notifications}.
     *
     * @throws InvalidConfigException naming the field of {@code defaults} that is invalid, as
     *         {@code defaults.interval}
     */
    public static MonitorSpecReader create(Map<String, ?> defaults, Set<String> notifications) {
        return create(defaults, notifications, Limits.DEFAULT_MIN_INTERVAL);
    }

    /**
     * Returns a reader as {@link #create(Map, Set)} does that rejects an interval below {@code minInterval}
     * ({@code healthmon.limits.minInterval}).
     *
     * @throws InvalidConfigException naming the field of {@code defaults} that is invalid, as
     *         {@code defaults.interval}
     */
    public static MonitorSpecReader create(Map<String, ?> defaults, Set<String> notifications,
            Duration minInterval) {
        try {
            HealthCheckConfig config = HealthCheckConfig.from(MonitorSettings.readDefaults(defaults));
            checkInterval(config, minInterval);
            return new MonitorSpecReader(config, notifications, minInterval);
        }
        catch (InvalidConfigException e) {
            throw new InvalidConfigException("defaults." + e.field(), e.problem());
        }
    }

    /** Returns the global defaults, built-in defaults filled in. */
    public HealthCheckConfig defaults() {
        return defaults;
    }

    /**
     * Returns the specs of {@code monitors}, the monitors of {@code healthmon.monitors}, in order.
     *
     * @throws InvalidConfigException for the first invalid monitor, a missing name (named by its position) or a
     *         name used twice
     */
    public List<MonitorSpec> readAll(List<? extends Map<String, ?>> monitors) {
        List<MonitorSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        // monitors of the same check settings share one config: most of a file's monitors differ only in name and
        // URL, and a config with its settings as written is some 300 bytes
        Map<HealthCheckConfig, HealthCheckConfig> configs = new HashMap<>();
        for (int i = 0; i < monitors.size(); i++) {
            String where = "healthmon.monitors[" + i + "]";
            MonitorSpec spec;
            try {
                spec = spec(written(monitors.get(i), where + "."));
                HealthCheckConfig shared = configs.computeIfAbsent(spec.config(), config -> config);
                spec = shared == spec.config() ? spec
                        : new MonitorSpec(spec.name(), spec.target(), shared, spec.notifications());
            }
            catch (InvalidConfigException e) {
                throw e.monitor() != null ? e : e.forMonitor(where);
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
     * Returns the spec of one monitor written as {@code written}, such as a decoded JSON object.
     *
     * @throws InvalidConfigException naming the field, and the monitor when it has a name
     */
    public MonitorSpec read(Map<String, ?> written) {
        return spec(written(written, ""));
    }

    /**
     * Returns the spec of the monitor named {@code name} written as {@code written}, which may leave the name out
     * but not name another monitor.
     *
     * @throws InvalidConfigException naming the field, and the monitor
     */
    public MonitorSpec read(String name, Map<String, ?> written) {
        MonitorSettings settings = written(written, "");
        String named = settings.get(MonitorSettings.NAME);
        if (named != null && !named.equals(name)) {
            throw new InvalidConfigException("name", "'" + named + "' differs from the name in the path")
                    .forMonitor(name);
        }
        return spec(settings.with(MonitorSettings.NAME, name));
    }

    private static MonitorSettings written(Map<String, ?> written, String where) {
        try {
            return MonitorSettings.read(written, where);
        }
        catch (InvalidConfigException e) {
            Object name = written.get(MonitorSettings.NAME.key());
            throw name instanceof String named && !named.isBlank() ? e.forMonitor(named) : e;
        }
    }

    private MonitorSpec spec(MonitorSettings written) {
        String name = MonitorSettings.NAME.require(written.get(MonitorSettings.NAME));
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new InvalidConfigException("name", "'" + name + "' is reserved (the API's path "
                    + "/api/v1/health/stream is the stream of every monitor)");
        }
        try {
            URI url = MonitorSettings.URL.require(written.get(MonitorSettings.URL));
            URI agent = written.get(MonitorSettings.AGENT);
            Target target = new Target(url, written.get(MonitorSettings.DOCKER),
                    agent == null ? null : MonitorSettings.AGENT.checked(agent));
            HealthCheckConfig config = HealthCheckConfig.from(written.orElse(defaults.written()));
            checkInterval(config, minInterval);
            return new MonitorSpec(name, target, config, notify(written.get(MonitorSettings.NOTIFY)));
        }
        catch (InvalidConfigException e) {
            throw e.forMonitor(name);
        }
    }

    private static void checkInterval(HealthCheckConfig config, Duration minInterval) {
        if (config.interval().compareTo(minInterval) < 0) {
            throw new InvalidConfigException("interval", "interval " + Durations.format(config.interval())
                    + " is below the service's minimum " + Durations.format(minInterval) + " (expected: >= "
                    + Durations.format(minInterval) + "; healthmon.limits.minInterval sets it)");
        }
    }

    private List<String> notify(@Nullable List<String> names) {
        if (names == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String name : names) {
            if (!notifications.contains(name)) {
                throw new InvalidConfigException("notify", "unknown notification '" + name + "' (configured: "
                        + (notifications.isEmpty() ? "none" : String.join(", ", new TreeSet<>(notifications)))
                        + ")");
            }
            out.add(name);
        }
        return List.copyOf(out);
    }
}
