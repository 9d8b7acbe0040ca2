package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * A monitor's settings as written (in {@code healthmon.monitors}, {@code healthmon.defaults}, a JSON request or a
 * {@link HealthCheckConfig.Builder}): partial, every value {@code null} until set; and, as its constants, the table
 * of every monitor setting, one {@link Setting} per key. Which keys exist, which may be defaults, how each is read
 * and checked, its built-in default and the monitor JSON's {@code config} object all come from the table.
 *
 * <pre>{@code
 * MonitorSettings written = MonitorSettings.read(Map.of("name", "api", "url", "http://localhost:8080", "retries", 5));
 * HealthCheckConfig config = HealthCheckConfig.from(written.orElse(globalDefaults));   // then built-in defaults
 * }</pre>
 */
public final class MonitorSettings {

    /** The unique name: letters, digits, {@code .}, {@code _} or {@code -}, starting with a letter or digit. */
    public static final Setting<String> NAME = Setting.of("name", ConfigMap::text)
            .check(Checks::name)
            .required("missing (every monitor needs a unique name)")
            .perMonitor();
    /** What is checked: {@code http(s)://}, {@code h2c://}, {@code tcp://}, {@code udp://}, {@code file://}. */
    public static final Setting<URI> URL = Setting.of("url", Checks::uri)
            .check(Checks::hasScheme)
            .required("missing (such as http://localhost:8080 or tcp://db:5432)")
            .perMonitor();
    /** Time between checks. */
    public static final Setting<Duration> INTERVAL = Setting.of("interval", ConfigMap::duration)
            .defaultValue(Duration.ofSeconds(30))
            .check(Checks::positive)
            .shown(HealthCheckConfig::interval, Durations::format);
    /** Bound on one check. */
    public static final Setting<Duration> TIMEOUT = Setting.of("timeout", ConfigMap::duration)
            .defaultValue(Duration.ofSeconds(10))
            .check(Checks::positive)
            .shown(HealthCheckConfig::timeout, Durations::format);
    /** Path of an HTTP check. */
    public static final Setting<String> PATH = Setting.of("path", ConfigMap::text)
            .defaultValue("/")
            .check(Checks::path)
            .shown(HealthCheckConfig::path);
    /** HTTP method of a check, {@code GET} or {@code HEAD}. */
    public static final Setting<String> METHOD = Setting.of("method", ConfigMap::text)
            .defaultValue("GET")
            .check(Checks::method)
            .shown(HealthCheckConfig::method);
    /** Consecutive failures before the down notification; negative notifies at once. */
    public static final Setting<Integer> RETRIES = Setting.of("retries", ConfigMap::integer)
            .defaultValue(3)
            // the seed's rule, here and nowhere else: 0 means "use the default"
            .unsetWhen(retries -> retries == 0)
            .check(Checks::nonZero)
            .shown(HealthCheckConfig::retries);
    /** Longest random delay before the periodic schedule starts; never more than the interval. */
    public static final Setting<Duration> JITTER = Setting.of("jitter", ConfigMap::duration)
            .defaultValue(Duration.ofSeconds(10))
            .check(Checks::notNegative)
            .shown(HealthCheckConfig::jitter, Durations::format);
    /** Passes in a row needed to leave unhealthy or error. */
    public static final Setting<Integer> HEALTHY_THRESHOLD = Setting.of("healthyThreshold", ConfigMap::integer)
            .defaultValue(1)
            .check(Checks::atLeastOne)
            .shown(HealthCheckConfig::healthyThreshold);
    /** Check errors in a row after which the monitor stops itself. */
    public static final Setting<Integer> MAX_ERRORS = Setting.of("maxErrors", ConfigMap::integer)
            .defaultValue(5)
            .check(Checks::atLeastOne)
            .shown(HealthCheckConfig::maxErrors);
    /** Accepted HTTP status codes; empty accepts anything below 500. */
    public static final Setting<Set<Integer>> EXPECT_STATUS = Setting.<Set<Integer>>of("expectStatus",
                    Checks::statuses)
            .defaultValue(Set.of())
            .unsetWhen(Set::isEmpty)
            .check(Checks::httpStatuses)
            .shown(HealthCheckConfig::expectStatus, codes -> List.copyOf(new TreeSet<>(codes)));
    /** Whether TLS certificates are verified: by default (DESIGN section 13); expiry is reported either way. */
    public static final Setting<Boolean> TLS_VERIFY = Setting.of("tlsVerify", ConfigMap::bool)
            .defaultValue(true)
            .shown(HealthCheckConfig::tlsVerify);
    /**
     * Whether HTTP checks keep one connection alive and reuse it, as Envoy's {@code reuse_connection}; with
     * {@code false}, each check opens a new connection and closes it.
     */
    public static final Setting<Boolean> REUSE_CONNECTION = Setting.of("reuseConnection", ConfigMap::bool)
            .defaultValue(true)
            .shown(HealthCheckConfig::reuseConnection);
    /** What a stream check sends, exactly as written. */
    public static final Setting<String> PAYLOAD = Setting.of("payload", ConfigMap::verbatim)
            .check(Checks::payload)
            .shown(HealthCheckConfig::payload);
    /** What a stream check must receive back, exactly as written. */
    public static final Setting<String> EXPECT = Setting.of("expect", ConfigMap::verbatim)
            .check(Checks::payload)
            .shown(HealthCheckConfig::expect);
    /** The group the monitor is listed under on the dashboard and the status page, and labelled with in alerts. */
    public static final Setting<String> GROUP = Setting.of("group", ConfigMap::text)
            .check(Checks::group)
            .shown(HealthCheckConfig::group);
    /** Whether the public status page lists the monitor. */
    public static final Setting<Boolean> PUBLIC = Setting.of("public", ConfigMap::bool)
            .defaultValue(false)
            .shown(HealthCheckConfig::listedPublicly);
    /**
     * Whether the public status page may show the monitor's last detail, latency and URL (redacted as in the
     * monitor JSON); without it the page shows the name, group, status, bars and incident times only.
     */
    public static final Setting<Boolean> PUBLIC_DETAIL = Setting.of("publicDetail", ConfigMap::bool)
            .defaultValue(false)
            .shown(config -> config.written().orDefault(MonitorSettings.PUBLIC_DETAIL));
    /** Latency above which a passing check is slow; unset, no check is. */
    public static final Setting<Duration> DEGRADED_ABOVE = Setting.of("degradedAbove", ConfigMap::duration)
            .check(Checks::positive)
            .shown(HealthCheckConfig::degradedAbove, Durations::format);
    /** Slow passes in a row that make a monitor degraded. */
    public static final Setting<Integer> DEGRADED_CHECKS = Setting.of("degradedChecks", ConfigMap::integer)
            .defaultValue(1)
            .check(Checks::atLeastOne)
            .shown(HealthCheckConfig::degradedChecks);
    /** Days (or any durations) before a certificate's expiry at which to notify, once each. */
    public static final Setting<List<Duration>> CERTIFICATE_EXPIRY = Setting.<List<Duration>>of("certificateExpiry",
                    Checks::durations)
            .defaultValue(List.of())
            .unsetWhen(List::isEmpty)
            .check(Checks::thresholds)
            .shown(HealthCheckConfig::certificateExpiry, values -> values.stream().map(Durations::format).toList());
    /** The monitors this one depends on, by name: its down is held while one of them is down. */
    public static final Setting<List<String>> DEPENDS_ON = Setting.<List<String>>of("dependsOn", ConfigMap::list)
            .defaultValue(List.of())
            .unsetWhen(List::isEmpty)
            .check(Checks::names)
            .shown(HealthCheckConfig::dependsOn)
            .perMonitor();
    /** The Docker container behind the URL: {@code {container, host}}, or the container alone. */
    public static final Setting<Target.DockerTarget> DOCKER = Setting.of("docker", Checks::docker)
            .perMonitor();
    /** The agent that checks the target from its own network, an {@code http://} or {@code https://} URL. */
    public static final Setting<URI> AGENT = Setting.of("agent", Checks::uri)
            .check(Checks::httpUrl)
            .perMonitor();
    /** The notifications this monitor uses, by name; unset for all. */
    public static final Setting<List<String>> NOTIFY = Setting.<List<String>>of("notify", ConfigMap::list)
            .unsetWhen(List::isEmpty)
            .perMonitor();

    private static final List<Setting<?>> ALL = List.of(NAME, URL, INTERVAL, TIMEOUT, PATH, METHOD, RETRIES, JITTER,
            HEALTHY_THRESHOLD, MAX_ERRORS, EXPECT_STATUS, TLS_VERIFY, REUSE_CONNECTION, PAYLOAD, EXPECT, GROUP, PUBLIC,
            PUBLIC_DETAIL, DEGRADED_ABOVE, DEGRADED_CHECKS, CERTIFICATE_EXPIRY, DEPENDS_ON, DOCKER, AGENT, NOTIFY);
    private static final MonitorSettings EMPTY = new MonitorSettings(Map.of());

    private final Map<Setting<?>, Object> values;

    private MonitorSettings(Map<Setting<?>, Object> values) {
        this.values = values;
    }

    /** Returns every setting, in the order the monitor JSON shows them. */
    public static List<Setting<?>> all() {
        return ALL;
    }

    /** Returns settings with nothing set. */
    public static MonitorSettings empty() {
        return EMPTY;
    }

    /**
     * Returns the settings of one monitor written as {@code written}: a decoded JSON object, or a monitor of
     * {@code healthmon.monitors}; values are read, not yet checked.
     *
     * @throws InvalidConfigException naming the first key that is unknown or holds a value of the wrong type
     */
    public static MonitorSettings read(Map<String, ?> written) {
        return read(written, "");
    }

    /**
     * Returns the settings of one monitor as {@link #read(Map)} does; an unknown key is reported as written at
     * {@code where} followed by the key, such as {@code healthmon.monitors[0].}.
     *
     * @throws InvalidConfigException naming the first key that is unknown or holds a value of the wrong type
     */
    public static MonitorSettings read(Map<String, ?> written, String where) {
        return read(written, where, ALL);
    }

    /**
     * Returns the settings of {@code healthmon.defaults}, written as {@code written}.
     *
     * @throws InvalidConfigException naming the first key that is unknown, holds a value of the wrong type or
     *         cannot be a default, such as {@code url}
     */
    public static MonitorSettings readDefaults(Map<String, ?> written) {
        MonitorSettings settings = read(written, "", ALL.stream().filter(Setting::defaultable).toList());
        // a key of the table that cannot be a default is "not a default", not unknown
        for (Setting<?> setting : ALL) {
            if (!setting.defaultable() && settings.values.containsKey(setting)) {
                throw new InvalidConfigException(setting.key(), "is not a default (set it on each monitor)");
            }
        }
        return settings;
    }

    /**
     * Returns the {@code config} object of the monitor JSON for {@code config}: every shown setting's value in
     * effect, in table order, as the config file writes it ({@code 30s}); a setting with no value is left out.
     */
    public static Map<String, Object> view(HealthCheckConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Setting<?> setting : ALL) {
            Object value = setting.view(config);
            if (value != null) {
                out.put(setting.key(), value);
            }
        }
        return out;
    }

    /** Returns the value of {@code setting} as written, or {@code null} when it is unset. */
    public <T> @Nullable T get(Setting<T> setting) {
        @SuppressWarnings("unchecked")
        T value = (T) values.get(requireNonNull(setting, "setting"));
        return value;
    }

    /** Returns the value of {@code setting} as written, or its built-in default when it is unset. */
    public <T> @Nullable T orDefault(Setting<T> setting) {
        T value = get(setting);
        return value != null ? value : setting.defaultValue();
    }

    /** Returns a copy with {@code setting} set to {@code value}; {@code null}, or a value meaning unset, unsets it. */
    public <T> MonitorSettings with(Setting<T> setting, @Nullable T value) {
        Map<Setting<?>, Object> copy = new LinkedHashMap<>(values);
        if (setting.isUnset(value)) {
            copy.remove(setting);
        }
        else {
            copy.put(setting, value);
        }
        return new MonitorSettings(copy);
    }

    /** Returns these settings, each unset one taken from {@code defaults}. */
    public MonitorSettings orElse(MonitorSettings defaults) {
        Map<Setting<?>, Object> merged = new LinkedHashMap<>(defaults.values);
        merged.putAll(values);
        return new MonitorSettings(merged);
    }

    /** Returns only the settings that {@link HealthCheckConfig} holds: those the monitor JSON shows. */
    public MonitorSettings checks() {
        Map<Setting<?>, Object> checks = new LinkedHashMap<>(values);
        checks.keySet().removeIf(setting -> !setting.inConfig());
        return new MonitorSettings(checks);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof MonitorSettings settings && settings.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    private static MonitorSettings read(Map<String, ?> written, String where, List<Setting<?>> expected) {
        ConfigMap in = ConfigMap.of("", written);
        Set<String> known = new TreeSet<>();
        ALL.forEach(setting -> known.add(setting.key()));
        for (String key : new TreeSet<>(in.keys())) {
            if (!known.contains(key)) {
                Set<String> keys = new TreeSet<>();
                expected.forEach(setting -> keys.add(setting.key()));
                throw in.invalid(key, "unknown field" + (where.isEmpty() ? "" : " at " + where + key)
                        + " (expected one of: " + String.join(", ", keys) + ")");
            }
        }
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : ALL) {
            Object value = setting.read(in);
            if (value != null) {
                values.put(setting, value);
            }
        }
        return new MonitorSettings(values);
    }
}
