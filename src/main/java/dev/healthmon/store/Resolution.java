package dev.healthmon.store;

import java.time.Duration;
import java.time.Instant;

/**
 * The width of a rollup bucket: a minute, an hour or a UTC day, each in a table of its own.
 */
public enum Resolution {
    /** Per-minute rows, table {@code rollup_minute}. */
    MINUTE(Duration.ofMinutes(1), "rollup_minute"),
    /** Per-hour rows, table {@code rollup_hour}. */
    HOUR(Duration.ofHours(1), "rollup_hour"),
    /** Per-UTC-day rows, table {@code rollup_day}. */
    DAY(Duration.ofDays(1), "rollup_day");

    private final Duration width;
    private final String table;

    Resolution(Duration width, String table) {
        this.width = width;
        this.table = table;
    }

    /** Returns the width of one bucket. */
    public Duration width() {
        return width;
    }

    /** Returns the start, in epoch milliseconds, of the bucket that holds {@code epochMillis}; epoch days are UTC. */
    public long bucketOf(long epochMillis) {
        long size = width.toMillis();
        return Math.floorDiv(epochMillis, size) * size;
    }

    /** Returns the start of the bucket that holds {@code time}. */
    public Instant bucketOf(Instant time) {
        return Instant.ofEpochMilli(bucketOf(time.toEpochMilli()));
    }

    String table() {
        return table;
    }
}
