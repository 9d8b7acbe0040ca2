package dev.healthmon.core.probe;

import java.util.concurrent.RejectedExecutionException;

import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/** Releases the connections of the probes. */
final class Connections {

    private Connections() {
    }

    /**
     * Returns a {@code Mono} that closes {@code connection} on a later turn of its event loop and completes at
     * once. A check often ends inside the read of its reply; closing there would let the event loop's read in
     * progress reach a socket number that is already closed, and possibly reused.
     */
    static Mono<Void> close(Connection connection) {
        return Mono.fromRunnable(() -> closeLater(connection));
    }

    /** Closes {@code connection} on a later turn of its event loop, as {@link #close(Connection)}. */
    static void closeLater(Connection connection) {
        try {
            connection.channel().eventLoop().execute(connection::dispose);
        }
        catch (RejectedExecutionException ignored) {
            // the event loop is shutting down and takes no more tasks: close at once instead
            connection.dispose();
        }
    }
}
