package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Everything the reducer knows about one monitor.
 *
 * @param name the monitor's name
 * @param status the current status
 * @param consecutiveFailures fails and errors in a row, reset by a pass
 * @param consecutiveErrors errors in a row, reset by anything else
 * @param consecutivePasses passes in a row, reset by anything else
 * @param downNotified whether a down notification was sent for the current outage
 * @param stoppedByErrors whether the monitor stopped itself after too many errors
 * @param lastSeen when the target last passed, or {@code null} if never
 * @param lastObservation the last check's observation, or {@code null} before the first check
 * @param outageStart when the down of the current outage was sent, or {@code null} when none was: the outage that
 *        the down and the up which ends it are about
 * @param alerts what the alert rules beside the reducer remember: degraded, certificate and held downs
 */
public record MonitorState(
        String name,
        HealthStatus status,
        int consecutiveFailures,
        int consecutiveErrors,
        int consecutivePasses,
        boolean downNotified,
        boolean stoppedByErrors,
        @Nullable Instant lastSeen,
        @Nullable Observation lastObservation,
        @Nullable Instant outageStart,
        Alerts alerts) {

    public MonitorState {
        requireNonNull(name, "name");
        requireNonNull(status, "status");
        requireNonNull(alerts, "alerts");
    }

    /** Returns a state that remembers nothing for the alert rules, as one loaded from a store. */
    public MonitorState(String name, HealthStatus status, int consecutiveFailures, int consecutiveErrors,
            int consecutivePasses, boolean downNotified, boolean stoppedByErrors, @Nullable Instant lastSeen,
            @Nullable Observation lastObservation, @Nullable Instant outageStart) {
        this(name, status, consecutiveFailures, consecutiveErrors, consecutivePasses, downNotified, stoppedByErrors,
                lastSeen, lastObservation, outageStart, Alerts.NONE);
    }

    /** Returns the state of a monitor that was created and not started. */
    public static MonitorState unknown(String name) {
        return new MonitorState(name, HealthStatus.UNKNOWN, 0, 0, 0, false, false, null, null, null);
    }

    /** Returns the state of a monitor that just started and has not checked yet. */
    public static MonitorState starting(String name) {
        return unknown(name).withStatus(HealthStatus.STARTING);
    }

    /**
     * Returns the state in which a monitor starts again after this one: starting, counters cleared, keeping the
     * last seen time, the last observation and whether a down is still to be followed by an up, and by which outage.
     */
    public MonitorState restarted() {
        return new MonitorState(name, HealthStatus.STARTING, 0, 0, 0, downNotified, false, lastSeen,
                lastObservation, outageStart, alerts.released());
    }

    /**
     * Returns the state in which a monitor starts from what an earlier run of it knew, such as the run before a
     * restart of the service or the monitor it replaces: starting, keeping the last seen time, the failures in a
     * row, whether a down was sent (so no second down is sent, and the up is owed), the outage it was sent for and
     * the last observation.
     */
    public MonitorState resumed() {
        return new MonitorState(name, HealthStatus.STARTING, consecutiveFailures, 0, 0, downNotified, false,
                lastSeen, lastObservation, outageStart, alerts.released());
    }

    /**
     * Returns the state in which a monitor starts that replaces the one whose state this is, in the same running
     * service (a changed monitor of a reloaded config file, or a replace through the API): as {@link #resumed()},
     * but keeping the status it had and the counters that lead to the next one, so that the replacement goes on
     * where the replaced one was. A monitor that had not been checked yet, had stopped or stopped itself on errors
     * starts as {@link #resumed()} does.
     */
    public MonitorState carried() {
        boolean checked = status == HealthStatus.HEALTHY || status == HealthStatus.DEGRADED
                || status == HealthStatus.UNHEALTHY || status == HealthStatus.ERROR;
        if (!checked || stoppedByErrors) {
            return resumed();
        }
        return new MonitorState(name, status, consecutiveFailures, consecutiveErrors, consecutivePasses, downNotified,
                false, lastSeen, lastObservation, outageStart, alerts.released());
    }

    /** Returns a copy named {@code value}. */
    public MonitorState withName(String value) {
        return new MonitorState(value, status, consecutiveFailures, consecutiveErrors, consecutivePasses,
                downNotified, stoppedByErrors, lastSeen, lastObservation, outageStart, alerts);
    }

    /** Returns a copy with {@code alerts} set. */
    public MonitorState withAlerts(Alerts value) {
        return new MonitorState(name, status, consecutiveFailures, consecutiveErrors, consecutivePasses,
                downNotified, stoppedByErrors, lastSeen, lastObservation, outageStart, value);
    }

    /** Returns what the last check saw; empty before the first check. */
    public String detail() {
        return lastObservation == null ? "" : lastObservation.outcome().detail();
    }

    /** Returns the latency of the last check; zero before the first check. */
    public Duration latency() {
        return lastObservation == null ? Duration.ZERO : lastObservation.outcome().latency();
    }

    /** Returns a copy with {@code status} set. */
    public MonitorState withStatus(HealthStatus value) {
        return new MonitorState(name, value, consecutiveFailures, consecutiveErrors, consecutivePasses,
                downNotified, stoppedByErrors, lastSeen, lastObservation, outageStart, alerts);
    }

    /** Returns a copy with {@code lastSeen} set. */
    public MonitorState withLastSeen(@Nullable Instant value) {
        return new MonitorState(name, status, consecutiveFailures, consecutiveErrors, consecutivePasses,
                downNotified, stoppedByErrors, value, lastObservation, outageStart, alerts);
    }
}
