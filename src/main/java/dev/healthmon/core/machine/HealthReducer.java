package dev.healthmon.core.machine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.healthmon.core.model.Alerts;
import dev.healthmon.core.model.Cause;
import dev.healthmon.core.model.Effect;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorState;
import dev.healthmon.core.model.Observation;
import dev.healthmon.core.model.Outcome;
import dev.healthmon.core.model.Transition;

/**
 * The status state machine of a monitor: every status rule lives here, as pure functions.
 *
 * <p>The reducer does no I/O, reads no clock and logs nothing: time arrives inside the {@link Observation}.
 * <pre>{@code
 * Transition t = HealthReducer.reduce(state, Observation.of(new Outcome.Fail(latency, "refused"), now, url), config);
 * }</pre>
 */
public final class HealthReducer {

    /** The most a backoff multiplies the interval by. */
    public static final int BACKOFF_FACTOR_MAX = 16;
    /** The longest a backoff waits between checks, unless the interval itself is longer. */
    public static final Duration BACKOFF_MAX = Duration.ofMinutes(5);

    private HealthReducer() {
    }

    /**
     * Returns the transition caused by one check.
     *
     * <ul>
     * <li>pass: {@code healthy}; from {@code unhealthy} or {@code error} only after {@code healthyThreshold} passes
     * in a row; sends up when a down was sent for this outage; {@code degraded} instead of healthy once
     * {@code degradedChecks} passes in a row were slower than {@code degradedAbove}, sending degraded once, and
     * recovered at the first fast pass after it; a certificate notification once per {@code certificateExpiry}
     * threshold crossed ({@link CertificateRule});</li>
     * <li>error: {@code error}; stops the monitor at {@code maxErrors} errors in a row, unless what runs the check
     * (an agent) was unreachable: then the monitor stays {@code error} and keeps checking, less often
     * ({@link Effect.Backoff}, {@link #backoff}), and recovers as any monitor does once the agent is back;</li>
     * <li>fail: {@code unhealthy} from {@code starting} or {@code unhealthy}; from {@code healthy} or {@code error}
     * once the failures in a row reach {@code retries} (at once when negative), else unchanged;</li>
     * <li>fail or error: sends down once per outage when the failures in a row reach {@code retries}.</li>
     * </ul>
     * A monitor that is stopped ignores further observations.
     */
    public static Transition reduce(MonitorState state, Observation observation, HealthCheckConfig config) {
        Cause cause = new Cause.Checked(observation);
        if (isTerminal(state)) {
            return Transition.of(cause, state, state);
        }
        if (observation.outcome() instanceof Outcome.Pass pass) {
            return passed(cause, state, observation, pass, config);
        }
        return failed(cause, state, observation, config);
    }

    /**
     * Returns the transition of a monitor being finished for {@code reason}: {@code stopped}, except that a
     * monitor that stopped itself after too many errors stays {@code error}.
     */
    public static Transition finish(MonitorState state, String reason) {
        Cause cause = new Cause.Finished(reason);
        if (isTerminal(state)) {
            return Transition.of(cause, state, state);
        }
        return Transition.of(cause, state, state.withStatus(HealthStatus.STOPPED));
    }

    /**
     * Returns the transition of a monitor whose loop crashed for {@code reason} (a bug, since the loop turns every
     * failed check into data): {@code error}, stopped as after too many errors, so that only a restart brings it
     * back; counters, last seen time and last observation are kept, and the effect is a stop
     * ("crashed: &lt;reason&gt;").
     */
    public static Transition crash(MonitorState state, String reason) {
        MonitorState next = new MonitorState(
                state.name(),
                HealthStatus.ERROR,
                state.consecutiveFailures(),
                state.consecutiveErrors(),
                0,
                state.downNotified(),
                true,
                state.lastSeen(),
                state.lastObservation(),
                state.outageStart(),
                state.alerts());
        return Transition.of(new Cause.Crashed(reason), state, next, new Effect.Stop("crashed: " + reason));
    }

    /**
     * Returns how long a monitor waits after its {@code errors}-th unreachable error in a row (at least
     * {@code maxErrors}) before checking again: the interval doubled for each error from the {@code maxErrors}-th
     * on (2, 4, 8, then 16 intervals), at most {@value #BACKOFF_FACTOR_MAX} intervals and at most
     * {@link #BACKOFF_MAX} (but never less than one interval), always a whole number of intervals.
     */
    public static Duration backoff(int errors, HealthCheckConfig config) {
        int doublings = Math.max(1, Math.min(errors - config.maxErrors() + 1, 4));
        long fits = Math.max(1, BACKOFF_MAX.toNanos() / config.interval().toNanos());
        return config.interval().multipliedBy(Math.min(Math.min(1L << doublings, BACKOFF_FACTOR_MAX), fits));
    }

    private static boolean isTerminal(MonitorState state) {
        return state.stoppedByErrors() || state.status() == HealthStatus.STOPPED;
    }

    private static Transition passed(Cause cause, MonitorState state, Observation observation, Outcome.Pass pass,
            HealthCheckConfig config) {
        int passes = state.consecutivePasses() + 1;
        boolean recovering = state.status() == HealthStatus.UNHEALTHY || state.status() == HealthStatus.ERROR;
        boolean healthy = !recovering || passes >= config.healthyThreshold();
        boolean notifyUp = healthy && state.downNotified();
        CertificateRule.Step certificate = CertificateRule.apply(state.alerts(), observation,
                pass.certificateExpiry(), config.certificateExpiry());
        Alerts alerts = certificate.alerts();
        int slowPasses = config.slow(pass.latency()) ? alerts.slowPasses() + 1 : 0;
        boolean degraded = healthy && slowPasses >= config.degradedChecks();
        boolean notifyDegraded = degraded && !alerts.degradedNotified();
        boolean notifyRecovered = healthy && !degraded && alerts.degradedNotified();
        MonitorState next = new MonitorState(
                state.name(),
                degraded ? HealthStatus.DEGRADED : healthy ? HealthStatus.HEALTHY : state.status(),
                0,
                0,
                passes,
                state.downNotified() && !healthy,
                false,
                observation.at(),
                observation,
                healthy ? null : state.outageStart(),
                released(alerts.withSlow(slowPasses, degraded || alerts.degradedNotified() && !notifyRecovered),
                        healthy));
        List<Effect> effects = new ArrayList<>(2);
        if (notifyUp) {
            effects.add(new Effect.NotifyUp(pass.detail(), pass.latency(), observation.at(), observation.url()));
        }
        if (notifyDegraded) {
            effects.add(new Effect.NotifyDegraded(pass.detail(), pass.latency(), observation.at(), observation.url()));
        }
        if (notifyRecovered) {
            effects.add(new Effect.NotifyRecovered(pass.detail(), pass.latency(), observation.at(),
                    observation.url()));
        }
        if (certificate.effect() != null) {
            effects.add(certificate.effect());
        }
        return new Transition(cause, state, next, effects);
    }

    private static Transition failed(Cause cause, MonitorState state, Observation observation,
            HealthCheckConfig config) {
        boolean error = observation.outcome() instanceof Outcome.Error;
        // an unreachable agent may come back by itself: the monitor checks less often instead of stopping
        boolean unreachable = observation.outcome() instanceof Outcome.Error e && e.unreachable();
        int failures = state.consecutiveFailures() + 1;
        int errors = error ? state.consecutiveErrors() + 1 : 0;
        boolean reachedThreshold = failures >= config.failureThreshold();
        boolean notifyDown = reachedThreshold && !state.downNotified();
        boolean tooMany = errors >= config.maxErrors();
        boolean stop = tooMany && !unreachable;
        HealthStatus status = error ? HealthStatus.ERROR : statusAfterFail(state.status(), reachedThreshold);
        MonitorState next = new MonitorState(
                state.name(),
                status,
                failures,
                errors,
                0,
                state.downNotified() || notifyDown,
                stop,
                state.lastSeen(),
                observation,
                notifyDown ? observation.at() : state.outageStart(),
                // a failure breaks the slow passes in a row; a down supersedes a degraded, so no recovered follows
                state.alerts().withSlow(0, state.alerts().degradedNotified() && !notifyDown));
        List<Effect> effects = new ArrayList<>(2);
        if (notifyDown) {
            effects.add(new Effect.NotifyDown(observation.outcome().detail(), state.lastSeen(), observation.at(),
                    observation.url()));
        }
        if (stop) {
            effects.add(new Effect.Stop("stopped after " + errors + " trials"));
        }
        if (tooMany && unreachable) {
            effects.add(new Effect.Backoff(backoff(errors, config)));
        }
        return new Transition(cause, state, next, effects);
    }

    // a held down is dropped once the monitor is good again: no down was sent, so no up is owed
    private static Alerts released(Alerts alerts, boolean healthy) {
        return healthy ? alerts.released() : alerts;
    }

    private static HealthStatus statusAfterFail(HealthStatus status, boolean reachedThreshold) {
        return switch (status) {
            case UNKNOWN, STARTING, UNHEALTHY -> HealthStatus.UNHEALTHY;
            case HEALTHY, DEGRADED, ERROR, NAPPING -> reachedThreshold ? HealthStatus.UNHEALTHY : status;
            case STOPPED -> HealthStatus.STOPPED;
        };
    }
}
