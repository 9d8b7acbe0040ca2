package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.Fixtures.up;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class RemindersTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration HOUR = Duration.ofHours(1);

    private final Sinks.Many<MonitorEvent> events = Sinks.many().multicast().onBackpressureBuffer();

    @Test
    void downIsSentAgainEveryRepeatUntilTheUp() {
        StepVerifier.withVirtualTime(() -> jobs(HOUR), Long.MAX_VALUE)
                .then(() -> events.tryEmitNext(down()))
                .expectNext(Job.first(down()))
                .expectNoEvent(Duration.ofMinutes(59))
                .thenAwait(Duration.ofMinutes(1))
                .expectNext(Job.reminder(down(), 1))
                .thenAwait(HOUR)
                .expectNext(Job.reminder(down(), 2))
                .then(() -> events.tryEmitNext(up()))
                .expectNext(Job.first(up()))
                .expectNoEvent(Duration.ofHours(5))
                .then(events::tryEmitComplete)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void withoutRepeatEachNotificationIsSentOnce() {
        StepVerifier.withVirtualTime(() -> jobs(null), Long.MAX_VALUE)
                .then(() -> events.tryEmitNext(down()))
                .expectNext(Job.first(down()))
                .expectNoEvent(Duration.ofDays(2))
                .then(events::tryEmitComplete)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void eachMonitorHasItsOwnReminders() {
        StepVerifier.withVirtualTime(() -> jobs(HOUR), Long.MAX_VALUE)
                .then(() -> events.tryEmitNext(down("api")))
                .expectNext(Job.first(down("api")))
                .thenAwait(Duration.ofMinutes(30))
                .then(() -> events.tryEmitNext(down("db")))
                .expectNext(Job.first(down("db")))
                .thenAwait(Duration.ofMinutes(30))
                .expectNext(Job.reminder(down("api"), 1))
                .then(() -> events.tryEmitNext(up("api")))
                .expectNext(Job.first(up("api")))
                .thenAwait(Duration.ofMinutes(30))
                .expectNext(Job.reminder(down("db"), 1))
                .expectNoEvent(Duration.ofMinutes(59))
                .thenAwait(Duration.ofMinutes(1))
                .expectNext(Job.reminder(down("db"), 2))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void goodStatusWithoutAnUpStopsTheReminders() {
        StepVerifier.withVirtualTime(() -> jobs(HOUR), Long.MAX_VALUE)
                .then(() -> events.tryEmitNext(down()))
                .expectNext(Job.first(down()))
                .then(() -> events.tryEmitNext(status(HealthStatus.UNHEALTHY)))
                .thenAwait(HOUR)
                .expectNext(Job.reminder(down(), 1))
                // a restart clears the monitor's state: it is starting again and will send no up for this down
                .then(() -> events.tryEmitNext(status(HealthStatus.STARTING)))
                .expectNoEvent(Duration.ofHours(3))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void removingTheMonitorStopsTheReminders() {
        StepVerifier.withVirtualTime(() -> jobs(HOUR), Long.MAX_VALUE)
                .then(() -> events.tryEmitNext(down()))
                .expectNext(Job.first(down()))
                .then(() -> events.tryEmitNext(new MonitorEvent.Lifecycle("api", MonitorEvent.Lifecycle.Action.REMOVED,
                        "removed", Instant.EPOCH)))
                .expectNoEvent(Duration.ofHours(3))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void reminderReachesTheProviderAsTheSameDown() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        try (Receiver receiver = Receiver.answering(200)) {
            Notifier notifier = Notifier.builder(List.of(ProviderConfig.of("ntfy", settings("ntfy", receiver.url(),
                            "topic", "t", "repeat", "1h", "timeout", "2h"))), monitor -> Set.of(),
                            new SimpleMeterRegistry())
                    .scheduler(time)
                    .zone(Fixtures.UTC)
                    .build();

            StepVerifier.create(notifier.run(events.asFlux()))
                    .then(() -> events.tryEmitNext(down()))
                    .then(() -> receiver.await(1))
                    .then(() -> time.advanceTimeBy(HOUR))
                    .then(() -> assertThat(receiver.await(2)).extracting(Receiver.Request::body)
                            .containsOnly(Expected.DOWN_MARKDOWN))
                    .then(() -> events.tryEmitNext(up()))
                    .then(() -> receiver.await(3))
                    .then(events::tryEmitComplete)
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));

            assertThat(receiver.await(3).get(2).body()).isEqualTo(Expected.UP_MARKDOWN);
            assertThat(receiver.count()).isEqualTo(3);
        }
    }

    private reactor.core.publisher.Flux<Job> jobs(@Nullable Duration repeat) {
        // as the notifier does: it filters the relevant events once, before sharing them among providers
        return Reminders.jobs(events.asFlux().filter(Reminders::relevant), repeat, VirtualTimeScheduler.get());
    }

    private static MonitorEvent status(HealthStatus status) {
        return new MonitorEvent.StatusChanged("api", status, HealthStatus.UNHEALTHY, "", Duration.ZERO, null,
                Instant.EPOCH, 0);
    }
}
