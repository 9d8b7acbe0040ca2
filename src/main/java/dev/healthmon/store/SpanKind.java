package dev.healthmon.store;

import dev.healthmon.core.model.HealthStatus;
import org.jspecify.annotations.Nullable;

/**
 * How a stretch of time counts for uptime.
 */
public enum SpanKind {
    /** Healthy or degraded: counts as up. */
    UP,
    /** Unhealthy or error: counts as down. */
    DOWN,
    /** Starting, napping or not yet known: left out. */
    IDLE,
    /** The monitor was stopped: left out. */
    STOPPED,
    /** Planned maintenance: reported apart, left out. */
    MAINTENANCE,
    /** The service was not running: reported apart, left out. */
    UNMONITORED,
    /** Before the monitor's first transition: nothing is known. */
    NO_DATA;

    /** Returns the kind of time spent in {@code status}; {@link #NO_DATA} for {@code null}. */
    public static SpanKind of(@Nullable HealthStatus status) {
        if (status == null) {
            return NO_DATA;
        }
        return switch (status) {
            case HEALTHY, DEGRADED -> UP;
            case UNHEALTHY, ERROR -> DOWN;
            case STOPPED -> STOPPED;
            case UNKNOWN, STARTING, NAPPING -> IDLE;
        };
    }
}
