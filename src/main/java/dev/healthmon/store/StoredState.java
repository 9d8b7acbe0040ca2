package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

import dev.healthmon.core.model.HealthStatus;
import org.jspecify.annotations.Nullable;

/**
 * The last known state of one monitor, as stored, for loading at start.
 *
 * @param name the monitor
 * @param status its status when last written
 * @param since when it entered that status
 * @param lastSeen when the target last passed, or {@code null} if never
 * @param lastCheck when the last check completed, or {@code null} before the first
 * @param consecutiveFailures failures in a row
 * @param downSent whether a down was sent for the current outage (an up is owed)
 * @param outageStart when the down of the current outage was sent, or {@code null} when none was; the outage
 *        part of the outbox key
 * @param detail what the last check saw
 */
public record StoredState(String name, HealthStatus status, Instant since, @Nullable Instant lastSeen,
        @Nullable Instant lastCheck, int consecutiveFailures, boolean downSent, @Nullable Instant outageStart,
        String detail) {

    public StoredState {
        requireNonNull(name, "name");
        requireNonNull(status, "status");
        requireNonNull(since, "since");
        requireNonNull(detail, "detail");
    }
}
