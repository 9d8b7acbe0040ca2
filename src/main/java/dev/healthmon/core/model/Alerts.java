package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the alert rules beside the reducer remember about one monitor: slow passes in a row and whether a degraded
 * was sent, the certificate threshold last notified, and a down that is being held.
 *
 * @param slowPasses passes in a row slower than {@code degradedAbove}, reset by a fast pass or a failure
 * @param degradedNotified whether a degraded notification was sent and no recovered followed yet
 * @param certificateNotified the smallest certificate threshold notified for the current certificate, or
 *        {@code null} when none was
 * @param certificateExpiry when the earliest certificate of the target's chain expires, as last seen, or
 *        {@code null} when none was seen
 * @param heldSince when the down being held was due, or {@code null} when no down is held
 * @param held why the down is held, such as {@code "router is down"}; empty when none is
 */
public record Alerts(int slowPasses, boolean degradedNotified, @Nullable Duration certificateNotified,
        @Nullable Instant certificateExpiry, @Nullable Instant heldSince, String held) {

    /** Nothing remembered. */
    public static final Alerts NONE = new Alerts(0, false, null, null, null, "");

    public Alerts {
        requireNonNull(held, "held");
        if (slowPasses < 0) {
            throw new IllegalArgumentException("slowPasses: " + slowPasses + " (expected: >= 0)");
        }
    }

    /** Returns a copy with {@code slowPasses} and {@code degradedNotified} set. */
    public Alerts withSlow(int passes, boolean notified) {
        if (passes == slowPasses && notified == degradedNotified) {
            return this;
        }
        return new Alerts(passes, notified, certificateNotified, certificateExpiry, heldSince, held);
    }

    /** Returns a copy with the certificate's expiry and the threshold last notified for it set. */
    public Alerts withCertificate(@Nullable Instant expiry, @Nullable Duration threshold) {
        return new Alerts(slowPasses, degradedNotified, threshold, expiry, heldSince, held);
    }

    /** Returns a copy holding a down due {@code since} for {@code reason}. */
    public Alerts holding(Instant since, String reason) {
        return new Alerts(slowPasses, degradedNotified, certificateNotified, certificateExpiry,
                requireNonNull(since, "since"),
                requireNonNull(reason, "reason"));
    }

    /** Returns a copy holding no down. */
    public Alerts released() {
        // a monitor's state is made at each check: a copy of nothing is not worth keeping per monitor
        if (heldSince == null && held.isEmpty()) {
            return this;
        }
        return new Alerts(slowPasses, degradedNotified, certificateNotified, certificateExpiry, null, "");
    }

    /** Returns whether a down is being held. */
    public boolean holdsDown() {
        return heldSince != null;
    }
}
