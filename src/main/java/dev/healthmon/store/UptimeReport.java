package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The uptime of one monitor over a period, time-weighted over its transitions.
 *
 * @param name the monitor
 * @param from the start of the period
 * @param to the end of the period
 * @param uptime {@code up / (up + down)}, or {@code null} when both are zero
 * @param up seconds healthy
 * @param down seconds unhealthy or in error
 * @param maintenance seconds in maintenance, left out of {@code uptime}
 * @param unmonitored seconds the service was not running, left out of {@code uptime}
 * @param checks checks in the period, from the rollups
 * @param failures failed checks (fails and errors)
 * @param incidents outages that overlap the period
 * @param latency latency of the passing checks
 */
public record UptimeReport(String name, Instant from, Instant to, @Nullable Double uptime, long up, long down,
        long maintenance, long unmonitored, long checks, long failures, int incidents, LatencySummary latency) {

    public UptimeReport {
        requireNonNull(name, "name");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(latency, "latency");
    }
}
