package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.count;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import dev.healthmon.core.model.MonitorEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** A provider's one concurrency limit, against a slow real receiver. */
class ConcurrencyTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void atMostConcurrencyMessagesAreInFlightAndTheOthersWaitInTheQueueInsteadOfBeingRejected() {
        List<MonitorEvent> downs = IntStream.range(0, 12).<MonitorEvent>mapToObj(i -> down("m" + i)).toList();
        try (Receiver slow = Receiver.scripted(n -> Receiver.Reply.after(Duration.ofMillis(300), 200))) {
            Notifier notifier = Notifier.builder(List.of(ProviderConfig.of("slow", settings("webhook", slow.url(),
                            "concurrency", 3, "retries", 0))), monitor -> Set.of(), meters)
                    .zone(Fixtures.UTC)
                    .build();

            StepVerifier.create(notifier.run(Flux.fromIterable(downs)))
                    .expectComplete()
                    .verify(WAIT);

            assertThat(slow.count()).isEqualTo(12);
            assertThat(slow.maxInFlight()).isEqualTo(3);
            assertThat(count(meters, "slow", "delivered")).isEqualTo(12);
            assertThat(count(meters, "slow", "rejected")).isZero();
            assertThat(count(meters, "slow", "dropped")).isZero();
        }
    }
}
