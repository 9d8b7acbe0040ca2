package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

import dev.healthmon.core.model.HealthStatus;

/**
 * One stored transition: a monitor entered {@code status} at {@code at}.
 *
 * @param at when
 * @param status the new status
 * @param detail what the check saw
 */
public record StatusChange(Instant at, HealthStatus status, String detail) {

    public StatusChange {
        requireNonNull(at, "at");
        requireNonNull(status, "status");
        requireNonNull(detail, "detail");
    }

    /** Returns a change with no detail. */
    public static StatusChange of(Instant at, HealthStatus status) {
        return new StatusChange(at, status, "");
    }
}
