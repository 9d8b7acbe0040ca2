package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

import dev.healthmon.core.model.HealthStatus;
import org.jspecify.annotations.Nullable;

/**
 * A stretch of a monitor's timeline in which one thing held: a status, maintenance or an unmonitored gap.
 *
 * @param start inclusive
 * @param end exclusive
 * @param kind how the time counts
 * @param status the monitor's status in it (also under maintenance or unmonitored: the last status known), or
 *        {@code null} before the first transition
 */
public record TimelineSpan(Instant start, Instant end, SpanKind kind, @Nullable HealthStatus status) {

    public TimelineSpan {
        requireNonNull(start, "start");
        requireNonNull(end, "end");
        requireNonNull(kind, "kind");
    }

    /** Returns how long the span lasts. */
    public Duration duration() {
        return Duration.between(start, end);
    }
}
