package dev.healthmon.core.probe;

import static java.util.Objects.requireNonNull;

import java.net.URI;

import dev.healthmon.core.model.HealthCheckResult;
import reactor.core.publisher.Mono;

/**
 * Checks a stream target with TCP or UDP, as the scheme of each URL says: the seed's stream monitor, whose URL
 * may change from one kind to the other.
 */
final class StreamProbe implements Probe {

    private final TcpProbe tcp;
    private final UdpProbe udp;

    StreamProbe(TcpProbe tcp, UdpProbe udp) {
        this.tcp = requireNonNull(tcp, "tcp");
        this.udp = requireNonNull(udp, "udp");
    }

    @Override
    public Mono<HealthCheckResult> check(URI url) {
        return Endpoint.scheme(url).startsWith("udp") ? udp.check(url) : tcp.check(url);
    }
}
