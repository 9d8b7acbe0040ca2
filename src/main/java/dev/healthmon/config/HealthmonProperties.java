package dev.healthmon.config;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorSettings;
import dev.healthmon.core.probe.agent.AgentTls;
import dev.healthmon.store.StoreConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code healthmon:} block of {@code config/application.yml}, as written: DESIGN section 6.
 *
 * <p>A monitor and the defaults are bound as maps of what was written, numbers and booleans as YAML typed them,
 * so that {@link MonitorSpecReader} reads them with the table of {@link MonitorSettings} and reports a bad value
 * or an unknown key with its monitor and field. Any other key that is not known stops start-up.
 *
 * @param defaults the global defaults of every monitor's check fields
 * @param monitors the monitors, in the order written
 * @param notifications the notification providers, each a map with at least {@code name} and {@code provider}
 * @param api the HTTP API's settings
 * @param sse the SSE stream's settings
 * @param agents how the service reaches remote agents: the TLS files for mutual TLS, if any
 * @param history where the history is kept
 * @param config whether the config file is watched for changes, and how often
 * @param maintenance the maintenance windows, in the order written
 * @param limits the bounds of what the service accepts (DESIGN section 13)
 * @param egress which addresses checks may reach (DESIGN section 13)
 * @param metrics what the Prometheus metrics include
 */
@ConfigurationProperties(prefix = "healthmon", ignoreUnknownFields = false)
public record HealthmonProperties(
        @Nullable Map<String, Object> defaults,
        @Nullable List<Map<String, Object>> monitors,
        @Nullable List<Map<String, Object>> notifications,
        @Nullable Api api,
        @Nullable Sse sse,
        @Nullable Agents agents,
        @Nullable History history,
        @Nullable ConfigFile config,
        @Nullable List<Map<String, Object>> maintenance,
        @Nullable Limits limits,
        @Nullable Egress egress,
        @Nullable Metrics metrics) {

    /**
     * Normalises what was bound: a list inside a map is a list again, not the map of indexes Spring binds it to,
     * and a monitor key spelled as relaxed binding allows is the table's key.
     */
    public HealthmonProperties {
        defaults = defaults == null ? Map.of() : settings(defaults);
        monitors = monitors == null ? List.of() : monitors.stream().map(HealthmonProperties::settings).toList();
        notifications = notifications == null ? List.of()
                : notifications.stream().map(ConfigMap::normalize).toList();
        api = api == null ? new Api(null, null, null) : api;
        sse = sse == null ? new Sse(null, null, null) : sse;
        agents = agents == null ? new Agents(null, null, null, null) : agents;
        history = history == null ? new History(null, null, null, null) : history;
        config = config == null ? new ConfigFile(null, null) : config;
        maintenance = maintenance == null ? List.of() : maintenance.stream().map(ConfigMap::normalize).toList();
        limits = limits == null ? Limits.defaults() : limits;
        egress = egress == null ? new Egress(null, null) : egress;
        metrics = metrics == null ? new Metrics(null) : metrics;
    }

    /** Returns whether and how the config file is watched. */
    @Override
    public ConfigFile config() {
        return config == null ? new ConfigFile(null, null) : config;
    }

    /** Returns the maintenance windows as written, in order; read by {@link MaintenanceReader}. */
    @Override
    public List<Map<String, Object>> maintenance() {
        return maintenance == null ? List.of() : maintenance;
    }

    /** Returns the bounds of what the service accepts. */
    @Override
    public Limits limits() {
        return limits == null ? Limits.defaults() : limits;
    }

    /** Returns which addresses checks may reach. */
    @Override
    public Egress egress() {
        return egress == null ? new Egress(null, null) : egress;
    }

    /** Returns what the Prometheus metrics include. */
    @Override
    public Metrics metrics() {
        return metrics == null ? new Metrics(null) : metrics;
    }

    /** Returns where the history is kept. */
    @Override
    public History history() {
        return history == null ? new History(null, null, null, null) : history;
    }

    /** Returns the global defaults as written; empty when the block is absent. */
    @Override
    public Map<String, Object> defaults() {
        return defaults == null ? Map.of() : defaults;
    }

    /** Returns the monitors as written, in order. */
    @Override
    public List<Map<String, Object>> monitors() {
        return monitors == null ? List.of() : monitors;
    }

    /** Returns the notification providers' settings, in the order written. */
    @Override
    public List<Map<String, Object>> notifications() {
        return notifications == null ? List.of() : notifications;
    }

    /** Returns the HTTP API's settings. */
    @Override
    public Api api() {
        return api == null ? new Api(null, null, null) : api;
    }

    /** Returns the SSE stream's settings. */
    @Override
    public Sse sse() {
        return sse == null ? new Sse(null, null, null) : sse;
    }

    /** Returns how the service reaches remote agents. */
    @Override
    public Agents agents() {
        return agents == null ? new Agents(null, null, null, null) : agents;
    }

    /**
     * Returns the names of the configured notifications.
     *
     * @throws InvalidConfigException when one has no name, or two share one
     */
    public Set<String> notificationNames() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < notifications().size(); i++) {
            Object name = notifications().get(i).get("name");
            String field = "notifications[" + i + "].name";
            if (!(name instanceof String text) || text.isBlank()) {
                throw new InvalidConfigException(field, "missing (every notification needs a unique name)");
            }
            if (!names.add(text.trim())) {
                throw new InvalidConfigException(field, "duplicate notification name '" + text + "'");
            }
        }
        return names;
    }

    /**
     * Returns one monitor's settings as bound: lists undone ({@link ConfigMap#normalize}), and each key that
     * Spring's relaxed binding would have matched to a setting ({@code healthy-threshold}, or {@code healthythreshold}
     * from {@code HEALTHMON_MONITORS_0_HEALTHYTHRESHOLD}) written as that setting's key.
     */
    private static Map<String, Object> settings(Map<String, Object> bound) {
        Map<String, String> keys = new HashMap<>();
        MonitorSettings.all().forEach(setting -> keys.put(relaxed(setting.key()), setting.key()));
        Map<String, Object> out = new LinkedHashMap<>();
        // Spring binds the source that takes precedence first: a later spelling of the same key does not win
        ConfigMap.normalize(bound)
                .forEach((key, value) -> out.putIfAbsent(keys.getOrDefault(relaxed(key), key), value));
        // unmodifiable: the service keeps this map as the monitor as written, not a copy of it
        return Collections.unmodifiableMap(out);
    }

    private static String relaxed(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }

    /**
     * The HTTP API.
     *
     * @param token the bearer token that monitor management requires; blank for none, and then management is
     *        answered to loopback clients only
     * @param cors the origins that may call the API from a page of theirs; none by default
     * @param allow what monitors created through the API may use beyond plain network targets: {@code file},
     *        {@code docker}, {@code agent}, {@code payload} (a raw {@code payload} or {@code expect}); none by default
     */
    public record Api(@Nullable String token, @Nullable List<String> cors, @Nullable List<String> allow) {

        /** What {@code allow} may list. */
        public static final Set<String> ALLOWABLE = Set.of("file", "docker", "agent", "payload");

        /** Returns whether management requires a token. */
        public boolean tokenRequired() {
            return token != null && !token.isBlank();
        }

        /**
         * Returns the origins that may call the API cross-origin.
         *
         * @throws InvalidConfigException naming {@code api.cors} when one is blank or not an origin
         */
        public List<String> corsOrigins() {
            if (cors == null) {
                return List.of();
            }
            for (String origin : cors) {
                if (origin == null || !(origin.equals("*") || origin.matches("https?://[^/?#\\s]+"))) {
                    throw new InvalidConfigException("api.cors", "'" + origin + "' (expected: an origin such as "
                            + "https://status.example.com, or *)");
                }
            }
            return List.copyOf(cors);
        }

        /**
         * Returns what monitors created through the API may use, among {@link #ALLOWABLE}.
         *
         * @throws InvalidConfigException naming {@code api.allow} for anything else
         */
        public Set<String> allowed() {
            if (allow == null) {
                return Set.of();
            }
            Set<String> out = new LinkedHashSet<>();
            for (String item : allow) {
                String key = item == null ? "" : item.trim().toLowerCase(Locale.ROOT);
                if (!ALLOWABLE.contains(key)) {
                    throw new InvalidConfigException("api.allow", "'" + item + "' (expected some of: agent, docker, "
                            + "file, payload)");
                }
                out.add(key);
            }
            return Set.copyOf(out);
        }
    }

    /**
     * The SSE stream.
     *
     * @param heartbeat the period of the keep-alive comment; 15s by default
     * @param clientBuffer how many events one client may have queued before it is sent a fresh snapshot instead
     * @param replay how many recent events are kept for clients that resume with {@code Last-Event-ID}
     */
    public record Sse(@Nullable String heartbeat, @Nullable Integer clientBuffer, @Nullable Integer replay) {

        /** The default heartbeat period. */
        public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
        /** The default per-client buffer. */
        public static final int DEFAULT_CLIENT_BUFFER = 256;
        /** The default replay buffer. */
        public static final int DEFAULT_REPLAY = 1024;

        /**
         * Returns the heartbeat period.
         *
         * @throws InvalidConfigException naming {@code sse.heartbeat} when it is not a positive duration
         */
        public Duration heartbeatPeriod() {
            ConfigMap in = ConfigMap.of("sse.", heartbeat == null ? Map.of() : Map.of("heartbeat", heartbeat));
            Duration period = in.duration("heartbeat");
            if (period == null) {
                return DEFAULT_HEARTBEAT;
            }
            if (period.isZero() || period.isNegative()) {
                throw in.invalid("heartbeat", "non-positive heartbeat (expected: > 0)");
            }
            return period;
        }

        /**
         * Returns the per-client buffer size.
         *
         * @throws InvalidConfigException naming {@code sse.clientBuffer} when it is not positive
         */
        public int clientBufferSize() {
            return positive("sse.clientBuffer", clientBuffer, DEFAULT_CLIENT_BUFFER);
        }

        /**
         * Returns the replay buffer size.
         *
         * @throws InvalidConfigException naming {@code sse.replay} when it is not positive
         */
        public int replaySize() {
            return positive("sse.replay", replay, DEFAULT_REPLAY);
        }

        private static int positive(String field, @Nullable Integer value, int unset) {
            if (value == null) {
                return unset;
            }
            if (value < 1) {
                throw new InvalidConfigException(field, value + " (expected: >= 1)");
            }
            return value;
        }
    }

    /**
     * How the service reaches the agents that monitors name in {@code agent:}: over HTTPS it verifies them with the
     * JDK's trust store, or with {@code ca}; with {@code certificate} and {@code key} it presents a client
     * certificate, for agents that require mutual TLS.
     *
     * @param certificate the client certificate chain (PEM)
     * @param key its private key (PEM, PKCS#8)
     * @param ca the authority that signed the agents' certificates (PEM)
     * @param token the bearer token sent to agents started with {@code --token}; blank for none
     */
    public record Agents(@Nullable String certificate, @Nullable String key, @Nullable String ca,
            @Nullable String token) {

        /** Returns the token sent to agents, or {@code null} for none. */
        public @Nullable String bearer() {
            return token == null || token.isBlank() ? null : token.trim();
        }

        /**
         * Returns the TLS files, or {@code null} when none is set.
         *
         * @throws InvalidConfigException naming {@code agents.<field>} when a file is missing or unreadable, or a
         *         certificate comes without its key
         */
        public @Nullable AgentTls tls() {
            if (blank(certificate) && blank(key) && blank(ca)) {
                return null;
            }
            try {
                return new AgentTls(path(certificate), path(key), path(ca)).requireReadable();
            }
            catch (InvalidConfigException e) {
                throw new InvalidConfigException("agents." + e.field().replaceFirst("^tls\\.", ""), e.problem());
            }
        }

        private static boolean blank(@Nullable String value) {
            return value == null || value.isBlank();
        }

        private static java.nio.file.@Nullable Path path(@Nullable String value) {
            return blank(value) ? null : java.nio.file.Path.of(value.trim());
        }
    }

    /**
     * The reload of the config file (DESIGN section 12): it is watched for changes unless {@code watch} is false,
     * and {@code POST /api/v1/config/reload} reloads it either way.
     *
     * @param watch whether a change of the file is picked up by itself; {@code true} unless set
     * @param period how often the file is looked at; 2s by default
     */
    public record ConfigFile(@Nullable Boolean watch, @Nullable String period) {

        /** The default period between two looks at the file. */
        public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(2);

        /** Returns whether the file is watched. */
        public boolean watched() {
            return watch == null || watch;
        }

        /**
         * Returns the period between two looks at the file.
         *
         * @throws InvalidConfigException naming {@code config.period} when it is not a positive duration
         */
        public Duration watchPeriod() {
            ConfigMap in = ConfigMap.of("config.", period == null ? Map.of() : Map.of("period", period));
            Duration value = in.duration("period");
            if (value == null) {
                return DEFAULT_PERIOD;
            }
            if (value.isZero() || value.isNegative()) {
                throw in.invalid("period", "non-positive period (expected: > 0)");
            }
            return value;
        }
    }

    /**
     * The history store (DESIGN section 10): on by default, in the SQLite file {@code ./data/healthmon.db}.
     *
     * @param enabled whether history, uptime and state that survives a restart are kept; {@code true} unless set
     * @param url {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://host:port/database}
     * @param username the database user, for PostgreSQL
     * @param password its password; never shown in a message
     */
    public record History(@Nullable Boolean enabled, @Nullable String url, @Nullable String username,
            @Nullable String password) {

        /** Returns whether the store is on. */
        public boolean on() {
            return enabled == null || enabled;
        }

        /**
         * Returns the store's configuration.
         *
         * @throws InvalidConfigException naming {@code history.url} when it is not a JDBC URL of SQLite or PostgreSQL
         */
        public StoreConfig storeConfig() {
            StoreConfig config;
            try {
                config = StoreConfig.defaults().withUrl(url == null || url.isBlank() ? StoreConfig.DEFAULT_URL
                        : url.trim());
            }
            catch (IllegalArgumentException e) {
                throw new InvalidConfigException("history.url", String.valueOf(e.getMessage()));
            }
            return username == null || username.isBlank() ? config : config.withCredentials(username, password);
        }
    }

    /**
     * The Prometheus metrics.
     *
     * @param latencyHistogram whether each monitor has a latency histogram ({@code healthmon_check_latency_seconds},
     *         some 70 series a monitor); off unless set
     */
    public record Metrics(@Nullable Boolean latencyHistogram) {

        /** Returns whether each monitor has a latency histogram. */
        public boolean histogram() {
            return latencyHistogram != null && latencyHistogram;
        }
    }
}
