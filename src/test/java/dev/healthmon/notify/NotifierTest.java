package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.UTC;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** The notifier's lifecycle and its contract with the event stream. */
class NotifierTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void disposingStopsDeliveryAndCancelsTheAttemptInFlight() {
        Sinks.Many<MonitorEvent> events = Sinks.many().multicast().directBestEffort();
        try (Receiver stuck = Receiver.silent()) {
            Notifier notifier = notifier(ProviderConfig.of("stuck", settings("ntfy", stuck.url(), "topic", "t")));

            Disposable delivery = notifier.subscribe(events.asFlux());
            events.tryEmitNext(down());
            stuck.first();
            delivery.dispose();

            assertThat(stuck.awaitCancelled()).isEqualTo(1);
            assertThat(events.currentSubscriberCount()).isZero();
        }
    }

    @Test
    void requestsTheEventStreamUnbounded() {
        AtomicLong requested = new AtomicLong();
        Notifier notifier = notifier(ProviderConfig.of("chat", settings("discord", "http://127.0.0.1:1/a")));

        StepVerifier.create(notifier.run(Flux.<MonitorEvent>never().doOnRequest(requested::addAndGet)))
                .expectSubscription()
                .then(() -> assertThat(requested).hasValue(Long.MAX_VALUE))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void duplicateProviderNamesAreAConfigError() {
        ProviderConfig one = ProviderConfig.of("chat", settings("discord", "http://127.0.0.1:1/a"));
        ProviderConfig two = ProviderConfig.of("chat", settings("slack", "http://127.0.0.1:1/b"));

        assertThatThrownBy(() -> Notifier.create(List.of(one, two), monitor -> Set.of(), meters))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.chat.name");
                    assertThat(e.problem()).isEqualTo("duplicate provider name 'chat'");
                });
    }

    private Notifier notifier(ProviderConfig... providers) {
        Notifier notifier = Notifier.builder(List.of(providers), monitor -> Set.of(), meters).zone(UTC).build();
        assertThat(notifier.providers()).hasSize(providers.length);
        return notifier;
    }
}
