package dev.healthmon.core.probe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.healthmon.core.model.HealthCheckResult;

/** Judges what a stream target sent back against the expected reply. */
final class Replies {

    private Replies() {
    }

    /**
     * Returns a pass when {@code reply} contains {@code expected}, else a fail that tells the reply's length: never
     * its bytes, so a check cannot be used to read what a target says (DESIGN section 13).
     */
    static HealthCheckResult judge(String reply, String expected, Duration latency) {
        if (reply.contains(expected)) {
            return HealthCheckResult.healthy(latency, "expected reply received");
        }
        if (reply.isEmpty()) {
            return HealthCheckResult.unhealthy("no reply", latency);
        }
        int bytes = reply.getBytes(StandardCharsets.UTF_8).length;
        return HealthCheckResult.unhealthy("unexpected reply of " + bytes + (bytes == 1 ? " byte" : " bytes"),
                latency);
    }
}
