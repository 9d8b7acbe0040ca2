package dev.healthmon.core.machine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.healthmon.core.model.Alerts;
import dev.healthmon.core.model.Effect;
import dev.healthmon.core.model.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The certificate rule beside the reducer: a notification once per {@code certificateExpiry} threshold crossed by
 * the earliest expiry of the target's chain. Pure: the time is the observation's.
 *
 * <pre>{@code
 * CertificateRule.Step step = CertificateRule.apply(alerts, observation, expiry, List.of(Duration.ofDays(21), Duration.ofDays(7)));
 * }</pre>
 */
public final class CertificateRule {

    private CertificateRule() {
    }

    /**
     * Returns what a check that saw a certificate expiring at {@code expiry} changes: the expiry is remembered;
     * when the time left has come within a threshold smaller than the one last notified, the smallest threshold
     * it is within is notified (crossing 21 days and 7 at once sends one, for 7); when the time left is beyond
     * every threshold again (the certificate was renewed), what was notified is forgotten.
     *
     * @param thresholds longest first; empty notifies nothing
     */
    public static Step apply(Alerts alerts, Observation observation, @Nullable Instant expiry,
            List<Duration> thresholds) {
        if (expiry == null) {
            return new Step(alerts, null);
        }
        Duration left = Duration.between(observation.at(), expiry);
        Duration crossed = crossed(left, thresholds);
        Duration notified = alerts.certificateNotified();
        if (crossed == null) {
            return new Step(alerts.withCertificate(expiry, null), null);
        }
        if (notified != null && crossed.compareTo(notified) >= 0) {
            return new Step(alerts.withCertificate(expiry, notified), null);
        }
        return new Step(alerts.withCertificate(expiry, crossed),
                new Effect.NotifyCertificate(crossed, expiry, observation.at(), observation.url()));
    }

    // the smallest threshold the time left is within, or null when it is beyond all
    private static @Nullable Duration crossed(Duration left, List<Duration> thresholds) {
        Duration smallest = null;
        for (Duration threshold : thresholds) {
            if (left.compareTo(threshold) <= 0 && (smallest == null || threshold.compareTo(smallest) < 0)) {
                smallest = threshold;
            }
        }
        return smallest;
    }

    /**
     * The rule's answer for one check.
     *
     * @param alerts what is remembered after it
     * @param effect the certificate notification to send, or {@code null} for none
     */
    public record Step(Alerts alerts, Effect.@Nullable NotifyCertificate effect) {
    }
}
