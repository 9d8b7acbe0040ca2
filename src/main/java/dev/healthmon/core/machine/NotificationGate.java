package dev.healthmon.core.machine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.healthmon.core.model.Alerts;
import dev.healthmon.core.model.Effect;
import dev.healthmon.core.model.Holds;
import dev.healthmon.core.model.MonitorState;
import dev.healthmon.core.model.Transition;
import org.jspecify.annotations.Nullable;

/**
 * The holding rules beside the reducer (DESIGN section 12): a down is held during a maintenance window, and while
 * a monitor it depends on is down or has not checked since the down was due. Pure: what holds arrives as data.
 *
 * <p>A held down is not sent and not marked sent ({@code downNotified} stays false), so the reducer asks for it
 * again at the next failed check; it goes out at the first such check when nothing holds any more, and is
 * forgotten when the monitor passes (no down was sent, so no up is owed). An up, which only follows a down that
 * was sent, always goes out. During maintenance the degraded and recovered notifications are dropped.
 *
 * <pre>{@code
 * Transition gated = NotificationGate.gate(HealthReducer.reduce(state, observation, config), holds);
 * }</pre>
 */
public final class NotificationGate {

    private NotificationGate() {
    }

    /** Returns {@code transition} with the downs that {@code holds} hold taken out and remembered in its state. */
    public static Transition gate(Transition transition, Holds holds) {
        List<Effect> effects = new ArrayList<>(transition.effects().size());
        MonitorState state = transition.state();
        for (Effect effect : transition.effects()) {
            if (effect instanceof Effect.NotifyDown down) {
                Alerts alerts = state.alerts();
                Instant due = alerts.heldSince() != null ? alerts.heldSince() : down.at();
                String reason = reason(holds, due);
                if (reason != null) {
                    state = unsent(state, transition.previous()).withAlerts(alerts.holding(due, reason));
                    continue;
                }
                state = state.withAlerts(alerts.released());
            }
            else if (holds.window() != null && (effect instanceof Effect.NotifyDegraded
                    || effect instanceof Effect.NotifyRecovered)) {
                continue;
            }
            effects.add(effect);
        }
        return new Transition(transition.cause(), transition.previous(), state, effects);
    }

    /**
     * Returns why a down due at {@code due} is held, or {@code null} when nothing holds it: the maintenance window
     * ({@code "maintenance 'nightly'"}), a monitor depended on whose latest check failed ({@code "router is down"}),
     * or one that has not completed a check since the down was due ({@code "waiting for router"}).
     */
    public static @Nullable String reason(Holds holds, Instant due) {
        if (holds.window() != null) {
            return "maintenance '" + holds.window().name() + "'";
        }
        for (Holds.Parent parent : holds.parents()) {
            if (parent.failed()) {
                return parent.name() + " is down";
            }
        }
        for (Holds.Parent parent : holds.parents()) {
            if (parent.lastCheck() == null || parent.lastCheck().isBefore(due)) {
                return "waiting for " + parent.name();
            }
        }
        return null;
    }

    // the down was not sent: nothing is owed, and the outage it would have opened is not open
    private static MonitorState unsent(MonitorState state, MonitorState previous) {
        return new MonitorState(state.name(), state.status(), state.consecutiveFailures(), state.consecutiveErrors(),
                state.consecutivePasses(), false, state.stoppedByErrors(), state.lastSeen(), state.lastObservation(),
                previous.outageStart(), state.alerts());
    }
}
