package dev.healthmon.core.probe;

import java.time.Duration;

import dev.healthmon.core.model.HealthCheckResult;

/** Judges what a stream target sent back against the expected reply. */
final class Replies {

    private static final int SHOWN = 64;

    private Replies() {
    }

    /** Returns a pass when {@code reply} contains {@code expected}, else a fail that shows the start of the reply. */
    static HealthCheckResult judge(String reply, String expected, Duration latency) {
        if (reply.contains(expected)) {
            return HealthCheckResult.healthy(latency, "expected reply received");
        }
        if (reply.isEmpty()) {
            return HealthCheckResult.unhealthy("no reply", latency);
        }
        String shown = reply.length() > SHOWN ? reply.substring(0, SHOWN) + "..." : reply;
        return HealthCheckResult.unhealthy("unexpected reply '" + shown.strip() + "'", latency);
    }
}
