package dev.healthmon.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.Durations;
import dev.healthmon.core.model.InvalidConfigException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code healthmon.limits:} block: the bounds of what the service accepts (DESIGN section 13), each with a
 * default; a value out of range stops start-up with an error naming {@code limits.<field>}.
 *
 * @param minInterval the shortest interval a monitor of the service may have; 1s by default
 * @param maxMonitors how many monitors may run at once; 50,000 by default
 * @param maxSseClients how many SSE clients may be connected at once; 1,000 by default
 * @param sseWriteTimeout how long an SSE client may leave a write unread before it is disconnected; 30s by default
 * @param maxBody the largest request body, in bytes; 64 KiB by default
 */
public record Limits(@Nullable String minInterval, @Nullable Integer maxMonitors, @Nullable Integer maxSseClients,
        @Nullable String sseWriteTimeout, @Nullable Integer maxBody) {

    /** The default shortest interval. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(1);
    /** The default bound on monitors. */
    public static final int DEFAULT_MAX_MONITORS = 50_000;
    /** The default bound on SSE clients. */
    public static final int DEFAULT_MAX_SSE_CLIENTS = 1_000;
    /** The default SSE write timeout. */
    public static final Duration DEFAULT_SSE_WRITE_TIMEOUT = Duration.ofSeconds(30);
    /** The default bound on a request body. */
    public static final int DEFAULT_MAX_BODY = 64 * 1024;

    /** Returns the limits with every default. */
    public static Limits defaults() {
        return new Limits(null, null, null, null, null);
    }

    /**
     * Returns the shortest interval.
     *
     * @throws InvalidConfigException naming {@code limits.minInterval} when it is not a positive duration
     */
    public Duration minIntervalValue() {
        return positive("minInterval", minInterval, DEFAULT_MIN_INTERVAL);
    }

    /**
     * Returns the SSE write timeout.
     *
     * @throws InvalidConfigException naming {@code limits.sseWriteTimeout} when it is not a positive duration
     */
    public Duration sseWriteTimeoutValue() {
        return positive("sseWriteTimeout", sseWriteTimeout, DEFAULT_SSE_WRITE_TIMEOUT);
    }

    /**
     * Returns the bound on monitors.
     *
     * @throws InvalidConfigException naming {@code limits.maxMonitors} when it is below 1
     */
    public int maxMonitorsValue() {
        return atLeastOne("maxMonitors", maxMonitors, DEFAULT_MAX_MONITORS);
    }

    /**
     * Returns the bound on SSE clients.
     *
     * @throws InvalidConfigException naming {@code limits.maxSseClients} when it is below 1
     */
    public int maxSseClientsValue() {
        return atLeastOne("maxSseClients", maxSseClients, DEFAULT_MAX_SSE_CLIENTS);
    }

    /**
     * Returns the bound on a request body, in bytes.
     *
     * @throws InvalidConfigException naming {@code limits.maxBody} when it is below 1
     */
    public int maxBodyValue() {
        return atLeastOne("maxBody", maxBody, DEFAULT_MAX_BODY);
    }

    private static Duration positive(String key, @Nullable String written, Duration unset) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (written != null) {
            values.put(key, written);
        }
        ConfigMap in = ConfigMap.of("limits.", values);
        Duration value = in.duration(key);
        if (value == null) {
            return unset;
        }
        if (value.isZero() || value.isNegative()) {
            throw in.invalid(key, "non-positive " + Durations.format(value) + " (expected: > 0)");
        }
        return value;
    }

    private static int atLeastOne(String key, @Nullable Integer value, int unset) {
        if (value == null) {
            return unset;
        }
        if (value < 1) {
            throw new InvalidConfigException("limits." + key, value + " (expected: >= 1)");
        }
        return value;
    }
}
