package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a configuration value is invalid; names the field and, once known, the monitor.
 */
public final class InvalidConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String monitor;
    private final String field;
    private final String problem;

    /**
     * Creates an exception for {@code field} with a short {@code problem} such as
     * {@code "non-positive interval 0s (expected: > 0)"}.
     */
    public InvalidConfigException(String field, String problem) {
        this(null, field, problem);
    }

    private InvalidConfigException(@Nullable String monitor, String field, String problem) {
        super(message(monitor, field, problem));
        this.monitor = monitor;
        this.field = requireNonNull(field, "field");
        this.problem = requireNonNull(problem, "problem");
    }

    /** Returns the same problem, attributed to the named monitor. */
    public InvalidConfigException forMonitor(String monitorName) {
        InvalidConfigException named = new InvalidConfigException(monitorName, field, problem);
        named.setStackTrace(getStackTrace());
        return named;
    }

    /** Returns the name of the monitor, or {@code null} when not known. */
    public @Nullable String monitor() {
        return monitor;
    }

    /** Returns the name of the invalid field, such as {@code "interval"}. */
    public String field() {
        return field;
    }

    /** Returns what is wrong with the field, without the field's name. */
    public String problem() {
        return problem;
    }

    private static String message(@Nullable String monitor, String field, String problem) {
        String base = field + ": " + problem;
        return monitor == null ? base : "monitor '" + monitor + "': " + base;
    }
}
