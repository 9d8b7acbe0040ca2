package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A consistent view of one monitor at one moment, as the JSON API shows it.
 *
 * @param name the monitor
 * @param status its status
 * @param started when it started
 * @param uptime how long it has been running
 * @param latency the last check's latency
 * @param lastSeen when the target last passed, or {@code null} if never
 * @param detail what the last check saw
 * @param url the monitored URL
 * @param consecutiveFailures failures in a row
 * @param config the effective configuration
 * @param maintenance the maintenance window the monitor is in, or {@code null}
 * @param held why its down is held, such as {@code "router is down"}, or {@code null} when no down is held
 */
public record MonitorSnapshot(String name, HealthStatus status, Instant started, Duration uptime, Duration latency,
        @Nullable Instant lastSeen, String detail, URI url, int consecutiveFailures, HealthCheckConfig config,
        @Nullable ActiveWindow maintenance, @Nullable String held) {

    public MonitorSnapshot {
        requireNonNull(name, "name");
        requireNonNull(status, "status");
        requireNonNull(started, "started");
        requireNonNull(uptime, "uptime");
        requireNonNull(latency, "latency");
        requireNonNull(detail, "detail");
        requireNonNull(url, "url");
        requireNonNull(config, "config");
    }

    /** Returns a view of a monitor in no maintenance window and holding no down. */
    public MonitorSnapshot(String name, HealthStatus status, Instant started, Duration uptime, Duration latency,
            @Nullable Instant lastSeen, String detail, URI url, int consecutiveFailures, HealthCheckConfig config) {
        this(name, status, started, uptime, latency, lastSeen, detail, url, consecutiveFailures, config, null, null);
    }
}
