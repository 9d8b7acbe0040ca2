package dev.healthmon.core.probe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.healthmon.core.model.Durations;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.Connection;
import reactor.netty.udp.UdpClient;

/**
 * Checks a {@code udp://}, {@code udp4://} or {@code udp6://} target: sends one datagram ({@code payload}, by
 * default a single newline, as an empty datagram is never put on the wire) on a connected socket and listens.
 *
 * <p>An ICMP port-unreachable answer is a fail, "connection refused". Without an expected reply, hearing no
 * refusal within the wait is a pass: the wait is the smaller of {@value #WAIT_MILLIS} ms and half the timeout,
 * long enough for an ICMP answer from any reachable host and short enough to end well inside the monitor's
 * timeout. With an {@code expect}ed reply, the check is a request and response: the first datagram back must
 * contain the expected text, within the check's timeout, which the monitor's loop owns.
 *
 * <p>The wait is not a check timeout but what a pass means for UDP: a datagram has no acknowledgement, so the
 * only evidence against the target is an ICMP refusal, and hearing none for the wait is the pass. It runs on the
 * scheduler the probe is given.
 */
final class UdpProbe implements Probe {

    /** The longest wait for a refusal, in milliseconds. */
    static final long WAIT_MILLIS = 1000;
    /** What is sent when no payload is configured. */
    static final String DEFAULT_PAYLOAD = "\n";

    private final Map<Endpoint.Family, UdpClient> clients;
    private final HealthCheckConfig config;
    private final byte[] payload;
    private final @Nullable String expect;
    private final Duration wait;
    private final Scheduler scheduler;
    private final Scheduler starts;

    /**
     * Creates a probe that sends with the client of each address family, resolving in Netty, timing the wait for
     * a refusal on {@code scheduler}.
     */
    UdpProbe(Map<Endpoint.Family, UdpClient> clients, HealthCheckConfig config, Scheduler scheduler) {
        for (Endpoint.Family family : Endpoint.Family.values()) {
            requireNonNull(clients.get(family), family.name());
        }
        this.clients = Map.copyOf(clients);
        this.config = config;
        String text = config.payload() == null || config.payload().isEmpty() ? DEFAULT_PAYLOAD : config.payload();
        this.payload = text.getBytes(UTF_8);
        this.expect = config.expect() == null || config.expect().isEmpty() ? null : config.expect();
        Duration half = config.timeout().dividedBy(2);
        this.wait = half.toMillis() < WAIT_MILLIS ? half : Duration.ofMillis(WAIT_MILLIS);
        this.scheduler = requireNonNull(scheduler, "scheduler");
        // the clients of every family share their loops
        this.starts = EventLoops.of(this.clients.get(Endpoint.Family.ANY));
    }

    @Override
    public Mono<HealthCheckResult> check(URI url) {
        return Connections.check(url, "udp", clients, UdpClient::connect, config.timeout(), starts, this::exchange);
    }

    private Mono<HealthCheckResult> exchange(Connection connection, long start) {
        Mono<Void> send = connection.outbound().sendByteArray(Mono.just(payload)).then();
        if (expect == null) {
            return send.then(Mono.defer(() -> {
                Duration sent = Latency.since(start);
                return connection.inbound()
                        .receive()
                        .next()
                        .map(reply -> HealthCheckResult.healthy(Latency.since(start), "reply received"))
                        .timeout(wait, Mono.fromSupplier(() -> HealthCheckResult.healthy(sent,
                                "no refusal within " + Durations.format(wait))), scheduler);
            }));
        }
        String expected = expect;
        return send.then(connection.inbound()
                .receive()
                .asString(UTF_8)
                .next()
                .map(reply -> Replies.judge(reply, expected, Latency.since(start))));
    }
}
