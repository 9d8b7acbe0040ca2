package dev.healthmon.web;

/** Thrown when a monitor is created under a name that is taken. */
public final class MonitorConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for the taken {@code name}. */
    public MonitorConflictException(String name) {
        super("a monitor named '" + name + "' already exists");
    }
}
