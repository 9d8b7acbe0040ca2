package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The reducer's answer to one input: the state before and after, and the effects to carry out.
 *
 * @param previous the state before
 * @param state the state after
 * @param effects what to do about it, in order
 */
public record Transition(MonitorState previous, MonitorState state, List<Effect> effects) {

    public Transition {
        requireNonNull(previous, "previous");
        requireNonNull(state, "state");
        effects = List.copyOf(effects);
    }

    /** Returns the transition from {@code previous} to {@code state} with the given effects. */
    public static Transition of(MonitorState previous, MonitorState state, Effect... effects) {
        return new Transition(previous, state, List.of(effects));
    }

    /** Returns whether the status changed. */
    public boolean statusChanged() {
        return previous.status() != state.status();
    }

    /** Returns whether this transition stops the monitor. */
    public boolean stops() {
        return effects.stream().anyMatch(Effect.Stop.class::isInstance);
    }
}
