package dev.healthmon.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.Durations;
import dev.healthmon.core.model.InvalidConfigException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code healthmon:} block of {@code config/application.yml}, as written: DESIGN section 6.
 *
 * <p>Values stay text until {@link MonitorSpecReader} parses them, so that a bad value is reported with its
 * monitor and field instead of as a binding failure. A key that is not known stops start-up.
 *
 * @param defaults the global defaults of every monitor's check fields
 * @param monitors the monitors
 * @param notifications the notification providers, each a map with at least {@code name} and {@code provider};
 *         a list inside one is a list again, not the map of indexes Spring binds it to
 * @param api the HTTP API's settings
 * @param sse the SSE stream's settings
 */
@ConfigurationProperties(prefix = "healthmon", ignoreUnknownFields = false)
public record HealthmonProperties(
        @Nullable MonitorProperties defaults,
        @Nullable List<MonitorProperties> monitors,
        @Nullable List<Map<String, Object>> notifications,
        @Nullable Api api,
        @Nullable Sse sse) {

    public HealthmonProperties {
        defaults = defaults == null ? MonitorProperties.empty() : defaults;
        monitors = monitors == null ? List.of() : List.copyOf(monitors);
        notifications = notifications == null ? List.of()
                : notifications.stream().map(BoundMaps::normalize).toList();
        api = api == null ? new Api(null) : api;
        sse = sse == null ? new Sse(null, null, null) : sse;
    }

    /** Returns the global defaults; nothing set when the block is absent. */
    @Override
    public MonitorProperties defaults() {
        return defaults == null ? MonitorProperties.empty() : defaults;
    }

    /** Returns the monitors, in the order written. */
    @Override
    public List<MonitorProperties> monitors() {
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
        return api == null ? new Api(null) : api;
    }

    /** Returns the SSE stream's settings. */
    @Override
    public Sse sse() {
        return sse == null ? new Sse(null, null, null) : sse;
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
     * The HTTP API.
     *
     * @param token the bearer token that monitor management requires; blank for none
     */
    public record Api(@Nullable String token) {

        /** Returns whether management requires a token. */
        public boolean tokenRequired() {
            return token != null && !token.isBlank();
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
            if (heartbeat == null || heartbeat.isBlank()) {
                return DEFAULT_HEARTBEAT;
            }
            Duration period;
            try {
                period = Durations.parse(heartbeat);
            }
            catch (IllegalArgumentException e) {
                throw new InvalidConfigException("sse.heartbeat", String.valueOf(e.getMessage()));
            }
            if (period.isZero() || period.isNegative()) {
                throw new InvalidConfigException("sse.heartbeat", "non-positive heartbeat (expected: > 0)");
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
}
