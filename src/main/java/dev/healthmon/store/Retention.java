package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

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
}
