package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A maintenance window that holds a monitor's downs now: a configured one or an ad hoc mute.
 *
 * @param name the window's name, or {@code "mute"} for an ad hoc one
 * @param from when it started
 * @param until when it ends
 */
public record ActiveWindow(String name, Instant from, Instant until) {

    public ActiveWindow {
        requireNonNull(name, "name");
        requireNonNull(from, "from");
        requireNonNull(until, "until");
    }

    /** Returns whether the window covers {@code at}. */
    public boolean covers(Instant at) {
        return !at.isBefore(from) && at.isBefore(until);
    }
}
