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
 */
public record MonitorSnapshot(String name, HealthStatus status, Instant started, Duration uptime, Duration latency,
        @Nullable Instant lastSeen, String detail, URI url, int consecutiveFailures, HealthCheckConfig config) {

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
}
