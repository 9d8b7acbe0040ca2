package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.UTC;
import static dev.healthmon.notify.Fixtures.count;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.Fixtures.up;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class RoutingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void routesPickProvidersAndAnEmptyRouteMeansAll() {
        try (Receiver a = Receiver.answering(200); Receiver b = Receiver.answering(200)) {
            Notifier notifier = Notifier.builder(List.of(
                            ProviderConfig.of("a", settings("webhook", a.url())),
                            ProviderConfig.of("b", settings("webhook", b.url()))),
                            monitor -> switch (monitor) {
                                case "api" -> Set.of("a");
                                case "lost" -> Set.of("nowhere");
                                default -> Set.of();
                            }, meters)
                    .zone(UTC)
                    .build();

            StepVerifier.create(notifier.run(Flux.just(down("api"), down("db"), down("lost"), up("api"))))
                    .expectComplete()
                    .verify(WAIT);

            assertThat(a.count()).isEqualTo(3);
            assertThat(b.count()).isEqualTo(1);
            assertThat(b.first().body()).contains("\"value\":\"db\"");
            assertThat(count(meters, "a", "delivered")).isEqualTo(3);
            assertThat(meters.find(DeliveryLog.COUNTER).tag("monitor", "lost").counters()).isEmpty();
        }
    }


    @Test
    void brokenRoutesNotifyEveryProviderInsteadOfStoppingDelivery() {
        try (Receiver a = Receiver.answering(200); Receiver b = Receiver.answering(200)) {
            Notifier notifier = Notifier.builder(List.of(
                            ProviderConfig.of("a", settings("webhook", a.url())),
                            ProviderConfig.of("b", settings("webhook", b.url()))),
                            monitor -> {
                                if (monitor.equals("bad")) {
                                    throw new IllegalStateException("no routes for " + monitor);
                                }
                                return Set.of("a");
                            }, meters)
                    .zone(UTC)
                    .build();

            StepVerifier.create(notifier.run(Flux.just(down("bad"), down("api"))))
                    .expectComplete()
                    .verify(WAIT);

            assertThat(a.count()).isEqualTo(2);
            assertThat(b.count()).isEqualTo(1);
        }
    }
}
