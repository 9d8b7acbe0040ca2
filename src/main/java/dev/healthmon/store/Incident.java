package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

import dev.healthmon.core.model.HealthStatus;
import org.jspecify.annotations.Nullable;

/**
 * One outage, read from transitions: from the change into unhealthy or error until the next healthy, napping or
 * stopped. A restart in the middle (starting) does not end it.
 *
 * @param start when it began
 * @param end when it ended, or {@code null} while it lasts
 * @param duration seconds from start to end, or to the end of the period read while it lasts
 * @param status the status that began it
 * @param detail what the check saw when it began
 */
public record Incident(Instant start, @Nullable Instant end, long duration, HealthStatus status, String detail) {

    public Incident {
        requireNonNull(start, "start");
        requireNonNull(status, "status");
        requireNonNull(detail, "detail");
    }
}
