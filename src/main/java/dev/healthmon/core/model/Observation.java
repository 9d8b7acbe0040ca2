package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;

/**
 * An outcome, the time it was observed and the URL that was checked: the input of the reducer.
 *
 * @param outcome how the check ended
 * @param at when it ended
 * @param url the URL the check was run against, which a notification about it names
 */
public record Observation(Outcome outcome, Instant at, URI url) {

    public Observation {
        requireNonNull(outcome, "outcome");
        requireNonNull(at, "at");
        requireNonNull(url, "url");
    }

    /** Returns an observation of {@code outcome} at {@code at} for a check of {@code url}. */
    public static Observation of(Outcome outcome, Instant at, URI url) {
        return new Observation(outcome, at, url);
    }
}
