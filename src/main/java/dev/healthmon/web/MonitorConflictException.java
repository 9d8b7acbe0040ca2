package dev.healthmon.web;

/**
 * Thrown when a monitor is created under a name that is taken, or when the API would change or delete a monitor
 * that the config file defines.
 */
public final class MonitorConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for the taken {@code name}. */
    public MonitorConflictException(String name) {
        super("a monitor named '" + name + "' already exists");
    }

    private MonitorConflictException(String name, String file) {
        super("monitor " + name + " is defined in " + file + "; edit the file");
    }

    /** Returns the exception for the monitor {@code name} that {@code file} defines, which the API may not touch. */
    public static MonitorConflictException definedIn(String name, String file) {
        return new MonitorConflictException(name, file);
    }
}
