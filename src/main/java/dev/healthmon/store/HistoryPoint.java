package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One point of a monitor's history: a step-wide slice of its rollups.
 *
 * @param time the start of the step
 * @param checks checks in the step
 * @param failures failed checks in the step
 * @param uptime the time-weighted uptime over the step, or {@code null} when it was neither up nor down
 * @param latencyAvg mean latency of the passing checks in milliseconds, or {@code null}
 * @param latencyMax largest latency in milliseconds, or {@code null}
 */
public record HistoryPoint(Instant time, long checks, long failures, @Nullable Double uptime,
        @Nullable Double latencyAvg, @Nullable Double latencyMax) {

    public HistoryPoint {
        requireNonNull(time, "time");
    }
}
