package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

/**
 * What a {@link Transition} consumed: the monitor started, a check was observed, the monitor was finished, or its
 * loop crashed.
 */
public sealed interface Cause permits Cause.Started, Cause.Checked, Cause.Finished, Cause.Crashed {

    /** The monitor started, or started again: its state is set, no check ran. */
    record Started() implements Cause {
    }

    /**
     * A check ran.
     *
     * @param observation what it saw, when, and of which URL
     */
    record Checked(Observation observation) implements Cause {
        public Checked {
            requireNonNull(observation, "observation");
        }
    }

    /**
     * The monitor was finished, such as by its parent task.
     *
     * @param reason why, such as {@code "shutdown"}; empty when there is nothing to say
     */
    record Finished(String reason) implements Cause {
        public Finished {
            requireNonNull(reason, "reason");
        }
    }

    /**
     * The monitor's loop signalled an error, which is a bug: the loop turns every failure of a check into data.
     *
     * @param reason what went wrong, such as the error's type and message
     */
    record Crashed(String reason) implements Cause {
        public Crashed {
            requireNonNull(reason, "reason");
        }
    }
}
