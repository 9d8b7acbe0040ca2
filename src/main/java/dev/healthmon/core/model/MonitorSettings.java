package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

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

    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** The unique name: letters, digits, {@code .}, {@code _} or {@code -}, starting with a letter or digit. */
    public static final Setting<String> NAME = Setting.of("name", ConfigMap::text)
            .check(MonitorSettings::name)
            .required("missing (every monitor needs a unique name)")
            .perMonitor();
    /** What is checked: {@code http(s)://}, {@code h2c://}, {@code tcp://}, {@code udp://}, {@code file://}. */
    public static final Setting<URI> URL = Setting.of("url", MonitorSettings::uri)
            .check(MonitorSettings::hasScheme)
            .required("missing (such as http://localhost:8080 or tcp://db:5432)")
            .perMonitor();
    /** Time between checks. */
    public static final Setting<Duration> INTERVAL = Setting.of("interval", ConfigMap::duration)
            .defaultValue(Duration.ofSeconds(30))
            .check(Setting::positive)
            .shown(HealthCheckConfig::interval, Durations::format);
    /** Bound on one check. */
    public static final Setting<Duration> TIMEOUT = Setting.of("timeout", ConfigMap::duration)
            .defaultValue(Duration.ofSeconds(10))
            .check(Setting::positive)
            .shown(HealthCheckConfig::timeout, Durations::format);
    /** Path of an HTTP check. */
    public static final Setting<String> PATH = Setting.of("path", ConfigMap::text)
            .defaultValue("/")
            .check(MonitorSettings::path)
            .shown(HealthCheckConfig::path, path -> path);
    /** HTTP method of a check, {@code GET} or {@code HEAD}. */
    public static final Setting<String> METHOD = Setting.of("method", ConfigMap::text)
            .defaultValue("GET")
            .check(MonitorSettings::method)
            .shown(HealthCheckConfig::method, method -> method);
    /** Consecutive failures before the down notification; negative notifies at once. */
    public static final Setting<Integer> RETRIES = Setting.of("retries", ConfigMap::integer)
            .defaultValue(3)
            // the seed's rule, here and nowhere else: 0 means "use the default"
            .unsetWhen(retries -> retries == 0)
            .check(MonitorSettings::nonZero)
            .shown(HealthCheckConfig::retries, retries -> retries);
    /** Longest random delay before the periodic schedule starts; never more than the interval. */
    public static final Setting<Duration> JITTER = Setting.of("jitter", ConfigMap::duration)
            .defaultValue(Duration.ofSeconds(10))
            .check(MonitorSettings::notNegative)
            .shown(HealthCheckConfig::jitter, Durations::format);
    /** Passes in a row needed to leave unhealthy or error. */
    public static final Setting<Integer> HEALTHY_THRESHOLD = Setting.of("healthyThreshold", ConfigMap::integer)
            .defaultValue(1)
            .check(Setting::atLeastOne)
            .shown(HealthCheckConfig::healthyThreshold, count -> count);
    /** Check errors in a row after which the monitor stops itself. */
    public static final Setting<Integer> MAX_ERRORS = Setting.of("maxErrors", ConfigMap::integer)
            .defaultValue(5)
            .check(Setting::atLeastOne)
            .shown(HealthCheckConfig::maxErrors, count -> count);
    /** Accepted HTTP status codes; empty accepts anything below 500. */
    public static final Setting<Set<Integer>> EXPECT_STATUS = Setting.<Set<Integer>>of("expectStatus",
                    (in, key) -> Set.copyOf(in.integers(key)))
            .defaultValue(Set.of())
            .unsetWhen(Set::isEmpty)
            .check(MonitorSettings::statuses)
            .shown(HealthCheckConfig::expectStatus, codes -> List.copyOf(new TreeSet<>(codes)));
    /** Whether TLS certificates are verified. */
    public static final Setting<Boolean> TLS_VERIFY = Setting.of("tlsVerify", ConfigMap::bool)
            .defaultValue(false)
            .shown(HealthCheckConfig::tlsVerify, verify -> verify);
    /** What a stream check sends, exactly as written. */
    public static final Setting<String> PAYLOAD = Setting.of("payload", ConfigMap::verbatim)
            .shown(HealthCheckConfig::payload, payload -> payload);
    /** What a stream check must receive back, exactly as written. */
    public static final Setting<String> EXPECT = Setting.of("expect", ConfigMap::verbatim)
            .shown(HealthCheckConfig::expect, expect -> expect);
    /** The Docker container behind the URL: {@code {container, host}}, or the container alone. */
    public static final Setting<Target.DockerTarget> DOCKER = Setting.of("docker", MonitorSettings::docker)
            .perMonitor();
    /** The agent that checks the target from its own network, an {@code http://} or {@code https://} URL. */
    public static final Setting<URI> AGENT = Setting.of("agent", MonitorSettings::uri)
            .check(MonitorSettings::httpUrl)
            .perMonitor();
    /** The notifications this monitor uses, by name; unset for all. */
    public static final Setting<List<String>> NOTIFY = Setting.<List<String>>of("notify", ConfigMap::list)
            .unsetWhen(List::isEmpty)
            .perMonitor();

    private static final List<Setting<?>> ALL = List.of(NAME, URL, INTERVAL, TIMEOUT, PATH, METHOD, RETRIES, JITTER,
            HEALTHY_THRESHOLD, MAX_ERRORS, EXPECT_STATUS, TLS_VERIFY, PAYLOAD, EXPECT, DOCKER, AGENT, NOTIFY);
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

    private static @Nullable URI uri(ConfigMap in, String key) {
        String text = in.text(key);
        return text == null ? null : uri(key, text);
    }

    private static URI uri(String key, String text) {
        try {
            return new URI(text);
        }
        catch (URISyntaxException e) {
            throw new InvalidConfigException(key, "'" + text + "' is not a URL: " + e.getReason());
        }
    }

    private static Target.@Nullable DockerTarget docker(ConfigMap in, String key) {
        Object raw = in.raw(key);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof String) && !(raw instanceof Map<?, ?>)) {
            throw in.invalid(key, "expected an object {container, host}, got " + ConfigMap.kind(raw));
        }
        ConfigMap docker = raw instanceof String container ? ConfigMap.of(key + ".", Map.of("container", container))
                : requireNonNull(in.object(key));
        for (String field : new TreeSet<>(docker.keys())) {
            if (!field.equals("container") && !field.equals("host")) {
                throw docker.invalid(field, "unknown field (expected: container, host)");
            }
        }
        String container = docker.text("container");
        if (container == null) {
            throw docker.invalid("container", "missing (the container's name or id)");
        }
        String host = docker.text("host");
        return new Target.DockerTarget(container, host == null ? null : uri(key + ".host", host));
    }

    private static String name(String key, String name) {
        if (!NAME_PATTERN.matcher(name).matches()) {
            throw new InvalidConfigException(key, "'" + name + "' (expected: up to 128 letters, digits, '.', "
                    + "'_' or '-', starting with a letter or digit)");
        }
        return name;
    }

    private static URI hasScheme(String key, URI url) {
        // "localhost:8080" parses as scheme "localhost": it is a host and port without a scheme
        boolean hostAndPort = url.isOpaque() && url.getSchemeSpecificPart().matches("\\d+(/.*)?");
        if (url.getScheme() == null || hostAndPort) {
            throw new InvalidConfigException(key, "'" + url + "' has no scheme (such as http://, h2c://, "
                    + "tcp://, udp:// or file://)");
        }
        return url;
    }

    private static URI httpUrl(String key, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidConfigException(key, "'" + url + "' (expected: an http:// or https:// URL)");
        }
        return url;
    }

    private static String path(String key, String path) {
        if (!path.startsWith("/")) {
            throw new InvalidConfigException(key, "'" + path + "' does not start with '/'");
        }
        return path;
    }

    private static String method(String key, String written) {
        String method = written.trim().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new InvalidConfigException(key, "'" + method + "' (expected: GET or HEAD)");
        }
        return method;
    }

    private static Integer nonZero(String key, Integer retries) {
        if (retries == 0) {
            throw new InvalidConfigException(key, "0 in effect (expected: non-zero; as written, 0 means the default)");
        }
        return retries;
    }

    private static Duration notNegative(String key, Duration value) {
        if (value.isNegative()) {
            throw new InvalidConfigException(key, "negative " + key + " " + Durations.format(value)
                    + " (expected: >= 0)");
        }
        return value;
    }

    private static Set<Integer> statuses(String key, Set<Integer> codes) {
        for (int code : new TreeSet<>(codes)) {
            if (code < 100 || code > 599) {
                throw new InvalidConfigException(key, code + " is not an HTTP status (expected: 100-599)");
            }
        }
        return Set.copyOf(codes);
    }
}
