package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A period of planned maintenance, reported apart from up and down time.
 *
 * @param id the store's id, {@code 0} before it is stored
 * @param monitor the monitor it applies to, or {@code null} for every monitor
 * @param from when it starts
 * @param to when it ends
 * @param reason why; may be empty
 */
public record MaintenanceSpan(long id, @Nullable String monitor, Instant from, Instant to, String reason) {

    public MaintenanceSpan {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(reason, "reason");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to: " + to + " (expected: not before from " + from + ")");
        }
    }

    /** Returns a span not yet stored. */
    public static MaintenanceSpan of(@Nullable String monitor, Instant from, Instant to, String reason) {
        return new MaintenanceSpan(0, monitor, from, to, reason);
    }

    /** Returns whether this span applies to {@code name}. */
    public boolean appliesTo(String name) {
        return monitor == null || monitor.equals(name);
    }
}
