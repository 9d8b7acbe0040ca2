package dev.healthmon.core.probe;

import java.net.ConnectException;

/** A connection the {@link EgressPolicy} refused before it was made: the check fails, nothing connects. */
public final class EgressDeniedException extends ConnectException {

    private static final long serialVersionUID = 1L;

    /** Returns the refusal of a connection to {@code where}, which the message does not show. */
    EgressDeniedException() {
        super(EgressPolicy.DENIED);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // an expected refusal, raised on every check of a denied target: its stack says nothing
        return this;
    }
}
