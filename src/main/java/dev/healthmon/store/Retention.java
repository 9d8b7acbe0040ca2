package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * How long the store keeps each kind of row, and how much one pruning pass may delete.
 *
 * @param minutes per-minute rollups (default 48 hours)
 * @param hours per-hour rollups (default 90 days)
 * @param days per-UTC-day rollups (default 2 years)
 * @param transitions status changes, incidents, service runs and maintenance spans (default 2 years)
 * @param deliveredNotifications acknowledged outbox rows, kept so that a late retry stays a no-op (default 30 days)
 * @param chunkRows rows one bounded {@code DELETE} removes (default 5,000)
 * @param maxChunks chunks one pruning pass of one table deletes at most (default 200)
 * @param vacuumPages pages SQLite's {@code PRAGMA incremental_vacuum(N)} frees after a pass (default 2,000)
 */
public record Retention(Duration minutes, Duration hours, Duration days, Duration transitions,
        Duration deliveredNotifications, int chunkRows, int maxChunks, int vacuumPages) {

    private static final Retention DEFAULTS = new Retention(Duration.ofHours(48), Duration.ofDays(90),
            Duration.ofDays(730), Duration.ofDays(730), Duration.ofDays(30), 5_000, 200, 2_000);

    public Retention {
        positive(minutes, "minutes");
        positive(hours, "hours");
        positive(days, "days");
        positive(transitions, "transitions");
        positive(deliveredNotifications, "deliveredNotifications");
        if (chunkRows < 1 || maxChunks < 1 || vacuumPages < 1) {
            throw new IllegalArgumentException("chunkRows, maxChunks, vacuumPages: " + chunkRows + ", " + maxChunks
                    + ", " + vacuumPages + " (expected: >= 1)");
        }
    }

    /** Returns the defaults: 48 h of minutes, 90 days of hours, 2 years of days and transitions. */
    public static Retention defaults() {
        return DEFAULTS;
    }

    /** Returns a copy that deletes {@code rows} rows per chunk. */
    public Retention withChunkRows(int rows) {
        return new Retention(minutes, hours, days, transitions, deliveredNotifications, rows, maxChunks,
                vacuumPages);
    }

    /** Returns the retention of the rollups of {@code resolution}. */
    public Duration of(Resolution resolution) {
        return switch (resolution) {
            case MINUTE -> minutes;
            case HOUR -> hours;
            case DAY -> days;
        };
    }

    private static void positive(Duration value, String field) {
        requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: > 0)");
        }
    }

    /**
     * Returns the finest rollup that still holds {@code from} when read at {@code now}: minutes within their
     * retention, then hours, then days.
     */
    public Resolution finestHolding(Instant from, Instant now) {
        if (!from.isBefore(now.minus(minutes))) {
            return Resolution.MINUTE;
        }
        return from.isBefore(now.minus(hours)) ? Resolution.DAY : Resolution.HOUR;
    }

    /**
     * Returns the rollup that history points of {@code step} from {@code from} are read from, at {@code now}: the
     * coarser of what the step allows and what the retention still holds.
     */
    public Resolution resolutionFor(Duration step, Instant from, Instant now) {
        Resolution forStep = step.compareTo(Resolution.DAY.width()) >= 0 ? Resolution.DAY
                : step.compareTo(Resolution.HOUR.width()) >= 0 ? Resolution.HOUR : Resolution.MINUTE;
        Resolution held = finestHolding(from, now);
        return held.compareTo(forStep) >= 0 ? held : forStep;
    }

    /**
     * Returns the width of the history points of {@code step} from {@code from}, read at {@code now}: the step
     * rounded up to whole rows of {@link #resolutionFor}.
     */
    public Duration pointWidth(Duration step, Instant from, Instant now) {
        long width = resolutionFor(step, from, now).width().toMillis();
        return Duration.ofMillis(Math.max(width, (step.toMillis() + width - 1) / width * width));
    }
}
