package dev.healthmon.store;

/**
 * Thrown when the history store cannot be opened or used: an unreachable server, a read-only or corrupt file, a
 * full disk. The message names the database (a URL without its password) and says what is wrong, so a service
 * can report it as it is.
 */
public final class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that names the database and the problem. */
    public StoreUnavailableException(String message) {
        super(message);
    }

    /** Creates an exception with a message that names the database and the problem, and its cause. */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
