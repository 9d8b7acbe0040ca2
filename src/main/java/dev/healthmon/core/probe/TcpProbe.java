package dev.healthmon.core.probe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;

/**
 * Checks a {@code tcp://}, {@code tcp4://} or {@code tcp6://} target: passes when a connection is established
 * within the timeout, and closes it at once.
 *
 * <p>With a {@code payload}, sends it once connected. With an {@code expect}ed reply, passes only when what
 * the target sends back contains it: the reply is read until it does, until {@value #MAX_REPLY} characters
 * came, until the target closes, or until it pauses for the quiet time (the smaller of
 * {@value #QUIET_MILLIS} ms and a quarter of the timeout) after sending something; a target that sends nothing
 * at all runs into the check's timeout, which the monitor's loop owns.
 *
 * <p>The quiet time is not a check timeout but part of what a reply means: a stream has no end of message, so a
 * pause after some bytes is taken as the end of the reply, and the reply is judged. It runs on the scheduler the
 * probe is given. Its clients carry the connect timeout.
 */
final class TcpProbe implements Probe {

    /** The most of a reply that is read when looking for the expected text. */
    static final int MAX_REPLY = 4096;
    /** The longest pause, in milliseconds, after which a reply is taken as complete. */
    static final long QUIET_MILLIS = 500;

    private final Map<Endpoint.Family, TcpClient> clients;
    private final HealthCheckConfig config;
    private final byte[] payload;
    private final @Nullable String expect;
    private final Duration quiet;
    private final Scheduler scheduler;
    private final Scheduler starts;

    /**
     * Creates a probe that connects with the client of each address family, non-pooled and resolving in Netty, with
     * the config's timeout as its connect timeout, timing the quiet time of a reply on {@code scheduler}.
     */
    TcpProbe(Map<Endpoint.Family, TcpClient> clients, HealthCheckConfig config, Scheduler scheduler) {
        // the connect timeout (the config's timeout) is the clients' own: Probes builds them once per timeout
        this.clients = Map.of(
                Endpoint.Family.ANY, client(clients, Endpoint.Family.ANY),
                Endpoint.Family.IPV4, client(clients, Endpoint.Family.IPV4),
                Endpoint.Family.IPV6, client(clients, Endpoint.Family.IPV6));
        this.config = config;
        this.payload = config.payload() == null ? new byte[0] : config.payload().getBytes(UTF_8);
        this.expect = config.expect() == null || config.expect().isEmpty() ? null : config.expect();
        Duration quarter = config.timeout().dividedBy(4);
        this.quiet = quarter.toMillis() < QUIET_MILLIS ? quarter : Duration.ofMillis(QUIET_MILLIS);
        this.scheduler = requireNonNull(scheduler, "scheduler");
        // the clients of every family share their loops
        this.starts = EventLoops.of(this.clients.get(Endpoint.Family.ANY));
    }

    @Override
    public Mono<HealthCheckResult> check(URI url) {
        return Connections.check(url, "tcp", clients, TcpClient::connect, config.timeout(), starts, this::exchange);
    }

    private Mono<HealthCheckResult> exchange(Connection connection, long start) {
        Mono<Void> send = payload.length == 0 ? Mono.empty()
                : connection.outbound().sendByteArray(Mono.just(payload)).then();
        if (expect == null) {
            return send.then(Mono.fromSupplier(() -> HealthCheckResult.healthy(Latency.since(start), "connected")));
        }
        String expected = expect;
        return send.then(connection.inbound()
                .receive()
                .asString(UTF_8)
                .scan("", String::concat)
                .skip(1)
                .takeUntil(reply -> reply.contains(expected) || reply.length() >= MAX_REPLY)
                // the first part may take until the loop's timeout; once something came, a pause ends the reply
                .timeout(Mono.never(), reply -> Mono.delay(quiet, scheduler), Flux.empty())
                .last("")
                .map(reply -> Replies.judge(reply, expected, Latency.since(start))));
    }

    private static TcpClient client(Map<Endpoint.Family, TcpClient> clients, Endpoint.Family family) {
        return requireNonNull(clients.get(family), family.name());
    }
}
