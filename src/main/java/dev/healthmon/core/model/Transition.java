package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The reducer's answer to one input: what caused it, the state before and after, and the effects to carry out.
 *
 * @param cause the input consumed: a start, a check's observation, a finish or a crash
 * @param previous the state before
 * @param state the state after
 * @param effects what to do about it, in order
 */
public record Transition(Cause cause, MonitorState previous, MonitorState state, List<Effect> effects) {

    public Transition {
        requireNonNull(cause, "cause");
        requireNonNull(previous, "previous");
        requireNonNull(state, "state");
        effects = List.copyOf(effects);
    }

    /** Returns the transition caused by {@code cause} from {@code previous} to {@code state}, with the effects. */
    public static Transition of(Cause cause, MonitorState previous, MonitorState state, Effect... effects) {
        return new Transition(cause, previous, state, List.of(effects));
    }

    /** Returns the observation of the check that caused this transition; empty when no check caused it. */
    public Optional<Observation> observation() {
        return cause instanceof Cause.Checked checked ? Optional.of(checked.observation()) : Optional.empty();
    }

    /** Returns whether the status changed. */
    public boolean statusChanged() {
        return previous.status() != state.status();
    }

    /** Returns whether this transition stops the monitor. */
    public boolean stops() {
        // a loop, not a stream: every check of every monitor asks
        for (Effect effect : effects) {
            if (effect instanceof Effect.Stop) {
                return true;
            }
        }
        return false;
    }
}
