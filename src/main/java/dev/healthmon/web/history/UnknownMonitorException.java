package dev.healthmon.web.history;

/** Signals a name that is neither a live monitor nor one with stored history: the API answers 404. */
final class UnknownMonitorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnknownMonitorException(String name) {
        super("no monitor named '" + name + "'", null, false, false);
    }
}
