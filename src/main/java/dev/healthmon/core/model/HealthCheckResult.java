package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The answer of one check: whether the target is healthy, a human-readable detail and the latency.
 *
 * <p>A result with {@code healthy == false} is a failure of the target. A check that could not be performed at
 * all signals an error instead of returning a result.
 *
 * @param healthy whether the target passed
 * @param detail what was seen, such as {@code "HTTP 503 Service Unavailable"}; empty when there is nothing to say
 * @param latency how long the target took to answer
 * @param certificateExpiry when the earliest certificate of the chain the target presented expires, or
 *        {@code null} without TLS
 */
public record HealthCheckResult(boolean healthy, String detail, Duration latency,
        @Nullable Instant certificateExpiry) {

    public HealthCheckResult {
        requireNonNull(detail, "detail");
        requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency: " + latency + " (expected: >= 0)");
        }
    }

    /** Returns a result without a certificate. */
    public HealthCheckResult(boolean healthy, String detail, Duration latency) {
        this(healthy, detail, latency, null);
    }

    /** Returns a copy that says when the earliest certificate of the target's chain expires. */
    public HealthCheckResult withCertificateExpiry(@Nullable Instant expiry) {
        return new HealthCheckResult(healthy, detail, latency, expiry);
    }

    /** Returns a passing result with the given latency and no detail. */
    public static HealthCheckResult healthy(Duration latency) {
        return new HealthCheckResult(true, "", latency);
    }

    /** Returns a passing result with the given latency and detail. */
    public static HealthCheckResult healthy(Duration latency, String detail) {
        return new HealthCheckResult(true, detail, latency);
    }

    /** Returns a failing result with the given detail and no latency. */
    public static HealthCheckResult unhealthy(String detail) {
        return new HealthCheckResult(false, detail, Duration.ZERO);
    }

    /**
     * Returns the failing result of a check that ran out of {@code timeout}: "timeout after 5s", with the timeout
     * as its latency. Every timed-out check, whichever timer fired, reads the same.
     */
    public static HealthCheckResult timedOut(Duration timeout) {
        return unhealthy("timeout after " + Durations.format(timeout), timeout);
    }

    /** Returns a failing result with the given detail and latency. */
    public static HealthCheckResult unhealthy(String detail, Duration latency) {
        return new HealthCheckResult(false, detail, latency);
    }
}
