package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An outcome and the time it was observed: the input of the reducer.
 *
 * @param outcome how the check ended
 * @param at when it ended
 */
public record Observation(Outcome outcome, Instant at) {

    public Observation {
        requireNonNull(outcome, "outcome");
        requireNonNull(at, "at");
    }

    /** Returns an observation of {@code outcome} at {@code at}. */
    public static Observation of(Outcome outcome, Instant at) {
        return new Observation(outcome, at);
    }
}
