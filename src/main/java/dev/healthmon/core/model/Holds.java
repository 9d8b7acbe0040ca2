package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What may hold a monitor's down now: the maintenance window it is in, and the latest check of each monitor it
 * depends on. The registry knows them; the gate beside the reducer decides with them.
 *
 * @param window the maintenance window the monitor is in, or {@code null}
 * @param parents the monitors it depends on, with their latest check
 */
public record Holds(@Nullable ActiveWindow window, List<Parent> parents) {

    /** Nothing holds. */
    public static final Holds NONE = new Holds(null, List.of());

    public Holds {
        parents = List.copyOf(parents);
    }

    /**
     * A monitor depended on, as its latest check left it.
     *
     * @param name its name
     * @param lastCheck when its latest check ended, or {@code null} before its first
     * @param failed whether that check failed (a fail or an error)
     */
    public record Parent(String name, @Nullable Instant lastCheck, boolean failed) {
        public Parent {
            requireNonNull(name, "name");
        }
    }
}
