package dev.healthmon.core.probe;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.Redaction;
import io.netty.channel.Channel;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.Connection;
import reactor.netty.transport.ClientTransport;
import reactor.netty.transport.ClientTransportConfig;

/** Opens, runs and releases the connections of the stream probes. */
final class Connections {

    private Connections() {
    }

    /**
     * Returns a cold {@code Mono} of one stream check of {@code url} with the client of its address family: the
     * URL is checked to be a {@code kind} URL ({@code tcp}, {@code tcp4}, {@code tcp6}, or the same for
     * {@code udp}) with a host and a port, then a connection is opened by {@code connector} (the client's own
     * {@code connect}), handed to {@code exchange} with the check's start, and closed; what the target does wrong
     * becomes an unhealthy result, a connect timeout reading "timeout after {@code timeout}". The check starts on
     * {@code starts}, the clients' event loops ({@link EventLoops}). Nothing here bounds the whole check: its
     * caller, the monitor's loop, does, and cancelling closes the connection.
     */
    static <T extends ClientTransport<T, C>, C extends ClientTransportConfig<C>> Mono<HealthCheckResult> check(
            URI url, String kind, Map<Endpoint.Family, T> clients, Function<T, Mono<? extends Connection>> connector,
            Duration timeout, Scheduler starts, BiFunction<Connection, Long, Mono<HealthCheckResult>> exchange) {
        return Mono.defer(() -> {
            String scheme = Endpoint.scheme(url);
            if (!scheme.equals(kind) && !scheme.equals(kind + "4") && !scheme.equals(kind + "6")) {
                return Mono.just(HealthCheckResult.unhealthy("unsupported URL " + Redaction.url(url) + " for a "
                        + kind.toUpperCase(Locale.ROOT) + " check"));
            }
            String problem = Endpoint.streamProblem(url);
            if (problem != null) {
                return Mono.just(HealthCheckResult.unhealthy(problem));
            }
            long start = Latency.start();
            Mono<? extends Connection> connect = connector.apply(clients.get(Endpoint.Family.of(scheme))
                    .host(Endpoint.hostOf(url))
                    .port(url.getPort()));
            // a check cancelled while it connects closes the connection it opened as well as one that is open
            return CheckConnections.in(Mono.usingWhen(connect, connection -> exchange.apply(connection, start),
                            Connections::close)
                    .onErrorResume(e -> Failures.recover(e, url, timeout, start)));
        })
                .subscribeOn(starts);
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

    /** Closes {@code channel} on a later turn of its event loop, as {@link #close(Connection)}. */
    static void closeLater(Channel channel) {
        try {
            channel.eventLoop().execute(channel::close);
        }
        catch (RejectedExecutionException ignored) {
            // the event loop is shutting down and takes no more tasks: close at once instead
            channel.close();
        }
    }
}
