package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

import dev.healthmon.core.model.HealthStatus;
import org.jspecify.annotations.Nullable;

/**
 * The checks of one monitor over a span of at most a minute, summarised: what folding each of them into the
 * rollups and the monitor's state one by one would give. The writer keeps one per monitor while checks come in
 * and hands it to the store when its span ends, so the store writes a few rows per monitor and minute however
 * often the monitor checks.
 *
 * @param name the monitor
 * @param minutes the counts per UTC minute the checks fell in, in time order: one or two
 * @param last when the last check completed
 * @param status the status after the last check
 * @param detail what the last check saw
 * @param lastPass when the last passing check completed, or {@code null} if none passed
 * @param trailingFailures the checks that did not pass after the last one that did (all of them if none did)
 * @param statusSince when the last run of checks with {@code status} began
 * @param statusFromFirst whether that run began with the first check of the summary
 */
public record CheckSummary(String name, List<Minute> minutes, Instant last, HealthStatus status, String detail,
        @Nullable Instant lastPass, int trailingFailures, Instant statusSince, boolean statusFromFirst)
        implements HistoryEntry {

    public CheckSummary {
        requireNonNull(name, "name");
        minutes = List.copyOf(minutes);
        requireNonNull(last, "last");
        requireNonNull(status, "status");
        requireNonNull(detail, "detail");
        requireNonNull(statusSince, "statusSince");
        if (minutes.isEmpty()) {
            throw new IllegalArgumentException("minutes: empty (expected: at least one)");
        }
    }

    @Override
    public int events() {
        long checks = 0;
        for (Minute minute : minutes) {
            checks += minute.checks();
        }
        return (int) Math.min(Integer.MAX_VALUE, checks);
    }

    /**
     * The checks of one UTC minute: their count, the failures, and the latency of the passing ones.
     *
     * @param start the minute's start, epoch milliseconds
     * @param checks checks completed
     * @param failures checks that did not pass
     * @param latencySumMicros the sum of the passing checks' latency, microseconds
     * @param latencyCount the passing checks
     * @param latencyMinMicros the least latency, or {@code Long.MAX_VALUE} when none passed
     * @param latencyMaxMicros the greatest latency, or {@code Long.MIN_VALUE} when none passed
     */
    public record Minute(long start, long checks, long failures, long latencySumMicros, long latencyCount,
            long latencyMinMicros, long latencyMaxMicros) {
    }
}
