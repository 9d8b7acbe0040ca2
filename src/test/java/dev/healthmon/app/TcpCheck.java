package dev.healthmon.app;

import java.net.URI;
import java.time.Duration;

import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.probe.Probe;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.tcp.TcpClient;

/** A real TCP connect check for the tests' monitors: healthy when the target accepts a connection. */
final class TcpCheck implements Probe {

    private static final TcpClient CLIENT = TcpClient.create()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000);

    @Override
    public Mono<HealthCheckResult> check(URI url) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return CLIENT.host(url.getHost())
                    .port(url.getPort())
                    .connect()
                    .map(connection -> {
                        connection.dispose();
                        return HealthCheckResult.healthy(Duration.ofNanos(System.nanoTime() - start));
                    })
                    .onErrorResume(e -> Mono.just(HealthCheckResult.unhealthy("connection refused: "
                            + e.getMessage())));
        });
    }
}
