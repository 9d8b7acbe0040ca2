package dev.healthmon.core.model;

import java.util.Locale;

/**
 * The status of a monitored target, as the seed names them.
 *
 * <p>{@link #toString()} and {@link #parse(String)} use the lowercase names that the JSON API shows.
 */
public enum HealthStatus {
    /** Created, not started. */
    UNKNOWN,
    /** Started; the first check has not completed. */
    STARTING,
    /** The last check passed. */
    HEALTHY,
    /** The last checks passed, but slower than {@code degradedAbove}: good, and counted as up. */
    DEGRADED,
    /** The target failed its checks. */
    UNHEALTHY,
    /** The check itself could not be performed. */
    ERROR,
    /** The monitor was finished. */
    STOPPED,
    /** Idle on purpose; reserved for embedders that put targets to sleep. */
    NAPPING;

    /** Returns whether this status counts as good: healthy, degraded, starting or napping. */
    public boolean isGood() {
        return this == HEALTHY || this == DEGRADED || this == STARTING || this == NAPPING;
    }

    /** Returns whether this status counts as bad: unhealthy or error. */
    public boolean isBad() {
        return this == UNHEALTHY || this == ERROR;
    }

    /** Returns whether this status is idling: starting or napping. */
    public boolean isIdling() {
        return this == STARTING || this == NAPPING;
    }

    /** Returns the lowercase name, as shown in JSON. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the status named by {@code text}, ignoring case.
     *
     * @throws IllegalArgumentException if no status has that name
     */
    public static HealthStatus parse(String text) {
        for (HealthStatus status : values()) {
            if (status.name().equalsIgnoreCase(text.trim())) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown health status: " + text);
    }
}
