package dev.healthmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.model.Outcome;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class EventHubTest {

    private static final long BASE = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final AtomicReference<List<MonitorSnapshot>> monitors =
            new AtomicReference<>(List.of(snapshot("api", HealthStatus.HEALTHY),
                    snapshot("db", HealthStatus.STARTING)));

    @Test
    void newClientGetsASnapshotFirstThenEventsWithIncreasingIds() {
        EventHub hub = hub(16, 16);
        hub.publish(status("api", HealthStatus.HEALTHY));

        StepVerifier.create(hub.stream(StreamFilter.all(false), null))
                .assertNext(item -> {
                    assertThat(item).isInstanceOf(StreamItem.Snapshot.class);
                    assertThat(item.id()).isEqualTo(BASE + 1);
                    assertThat(((StreamItem.Snapshot) item).monitors()).extracting(MonitorSnapshot::name)
                            .containsExactly("api", "db");
                })
                .then(() -> {
                    hub.publish(status("db", HealthStatus.UNHEALTHY));
                    hub.publish(status("api", HealthStatus.UNHEALTHY));
                })
                .assertNext(item -> assertThat(item.id()).isEqualTo(BASE + 2))
                .assertNext(item -> assertThat(item.id()).isEqualTo(BASE + 3))
                .then(hub::close)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void stalledClientIsBoundedAndResyncedWhileALiveClientGetsEveryEvent() {
        EventHub hub = hub(8, 16);
        List<Long> live = new ArrayList<>();
        hub.stream(StreamFilter.all(true), null).subscribe(item -> live.add(item.id()));

        StepVerifier.create(hub.stream(StreamFilter.all(true), null), 0)
                .then(() -> {
                    for (int i = 0; i < 100; i++) {
                        hub.publish(check("api"));
                        assertThat(hub.clients())
                                .allSatisfy(stats -> assertThat(stats.queued()).isLessThanOrEqualTo(8));
                    }
                    assertThat(hub.clients()).extracting(StreamStats::resyncs).containsExactlyInAnyOrder(0L, 12L);
                    assertThat(hub.resyncs()).isEqualTo(12);
                })
                .thenRequest(1)
                .assertNext(item -> {
                    // the snapshot and 7 events filled the queue; every 8th event overflowed it since, the last
                    // one being 96: the backlog was dropped: a fresh snapshot as of the event that overflowed it
                    assertThat(item).isInstanceOf(StreamItem.Snapshot.class);
                    assertThat(item.id()).isEqualTo(BASE + 96);
                })
                .thenRequest(10)
                .expectNextMatches(item -> item.id() == BASE + 97)
                .expectNextMatches(item -> item.id() == BASE + 98)
                .expectNextMatches(item -> item.id() == BASE + 99)
                .expectNextMatches(item -> item.id() == BASE + 100)
                .thenCancel()
                .verify(WAIT);

        assertThat(live).hasSize(101);
        for (int i = 0; i < live.size(); i++) {
            assertThat(live.get(i)).isEqualTo(BASE + i);   // the snapshot at BASE, then every event in order
        }
        assertThat(hub.clientCount()).isEqualTo(1);
    }

    @Test
    void resumeReplaysTheMissedEventsInsteadOfASnapshot() {
        EventHub hub = hub(16, 16);
        for (int i = 0; i < 5; i++) {
            hub.publish(status("api", HealthStatus.HEALTHY));
        }

        StepVerifier.create(hub.stream(StreamFilter.all(false), BASE + 2))
                .expectNextMatches(item -> item instanceof StreamItem.Event && item.id() == BASE + 3)
                .expectNextMatches(item -> item.id() == BASE + 4)
                .expectNextMatches(item -> item.id() == BASE + 5)
                .then(() -> hub.publish(status("db", HealthStatus.HEALTHY)))
                .expectNextMatches(item -> item.id() == BASE + 6)
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void resumeUpToDateSendsNothingUntilTheNextEvent() {
        EventHub hub = hub(16, 16);
        hub.publish(status("api", HealthStatus.HEALTHY));

        StepVerifier.create(hub.stream(StreamFilter.all(false), BASE + 1))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .then(() -> hub.publish(status("db", HealthStatus.HEALTHY)))
                .expectNextMatches(item -> item instanceof StreamItem.Event && item.id() == BASE + 2)
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void resumeFromAnIdTooOldOrNeverIssuedStartsWithASnapshot() {
        EventHub hub = hub(16, 3);
        for (int i = 0; i < 10; i++) {
            hub.publish(status("api", HealthStatus.HEALTHY));
        }

        for (long lastEventId : new long[] {BASE + 1, BASE + 100, 7}) {
            StepVerifier.create(hub.stream(StreamFilter.all(false), lastEventId))
                    .expectNextMatches(item -> item instanceof StreamItem.Snapshot && item.id() == BASE + 10)
                    .thenCancel()
                    .verify(WAIT);
        }
        // the oldest event kept is BASE + 8: resuming after BASE + 7 still works
        StepVerifier.create(hub.stream(StreamFilter.all(false), BASE + 7))
                .expectNextMatches(item -> item instanceof StreamItem.Event && item.id() == BASE + 8)
                .expectNextCount(2)
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void resumeWithMoreMissedEventsThanTheClientBufferStartsWithASnapshot() {
        EventHub hub = hub(4, 16);
        for (int i = 0; i < 10; i++) {
            hub.publish(status("api", HealthStatus.HEALTHY));
        }

        StepVerifier.create(hub.stream(StreamFilter.all(false), BASE + 1))
                .expectNextMatches(item -> item instanceof StreamItem.Snapshot && item.id() == BASE + 10)
                .then(() -> hub.publish(status("db", HealthStatus.HEALTHY)))
                .expectNextMatches(item -> item instanceof StreamItem.Event && item.id() == BASE + 11)
                .thenCancel()
                .verify(WAIT);
        assertThat(hub.resyncs()).isEqualTo(1);
    }

    @Test
    void filtersByMonitorAndLeavesChecksOutUnlessAsked() {
        EventHub hub = hub(16, 16);

        StepVerifier.create(hub.stream(StreamFilter.of("db", false), null))
                .assertNext(item -> assertThat(((StreamItem.Snapshot) item).monitors())
                        .extracting(MonitorSnapshot::name).containsExactly("db"))
                .then(() -> {
                    hub.publish(status("api", HealthStatus.HEALTHY));
                    hub.publish(check("db"));
                    hub.publish(status("db", HealthStatus.HEALTHY));
                })
                .assertNext(item -> {
                    assertThat(item.id()).isEqualTo(BASE + 3);
                    assertThat(((StreamItem.Event) item).event().name()).isEqualTo("db");
                })
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void closingCompletesEachStreamAfterWhatItHasQueued() {
        EventHub hub = hub(16, 16);

        StepVerifier.create(hub.stream(StreamFilter.all(false), null), 1)
                .expectNextMatches(StreamItem.Snapshot.class::isInstance)
                .then(() -> {
                    hub.publish(status("api", HealthStatus.UNHEALTHY));
                    hub.close();
                })
                .thenRequest(1)
                .expectNextMatches(item -> item.id() == BASE + 1)
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(hub.stream(StreamFilter.all(false), null)).expectComplete().verify(WAIT);
        StepVerifier.create(hub.closed()).expectComplete().verify(WAIT);
    }

    @Test
    void checkResultsAreNotKeptForAClientThatResumes() {
        EventHub hub = hub(16, 16);
        hub.publish(status("api", HealthStatus.HEALTHY));
        hub.publish(check("api"));
        hub.publish(status("api", HealthStatus.UNHEALTHY));

        // the check took id BASE + 2; a resume after BASE + 1 gets the change after it, not the check
        StepVerifier.create(hub.stream(StreamFilter.all(true), BASE + 1))
                .expectNextMatches(item -> item instanceof StreamItem.Event event && item.id() == BASE + 3
                        && event.event() instanceof MonitorEvent.StatusChanged)
                .then(() -> hub.publish(check("api")))
                .expectNextMatches(item -> item.id() == BASE + 4)
                .thenCancel()
                .verify(WAIT);
        // a resume from the check's own id still works: nothing after it was lost
        StepVerifier.create(hub.stream(StreamFilter.all(false), BASE + 2))
                .expectNextMatches(item -> item instanceof StreamItem.Event && item.id() == BASE + 3)
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void takesCheckResultsOnlyWhileAClientWantsThem() {
        EventHub hub = hub(16, 16);
        Sinks.Many<MonitorEvent> changes = Sinks.many().multicast().directBestEffort();
        Sinks.Many<MonitorEvent> everything = Sinks.many().multicast().directBestEffort();
        Disposable feed = hub.subscribeTo(changes.asFlux(), everything.asFlux());
        assertThat(everything.currentSubscriberCount()).isZero();

        StepVerifier.create(hub.stream(StreamFilter.all(false), null))
                .expectNextMatches(item -> item instanceof StreamItem.Snapshot)
                .then(() -> assertThat(everything.currentSubscriberCount()).isZero())
                .then(() -> changes.tryEmitNext(status("api", HealthStatus.UNHEALTHY)))
                .expectNextMatches(item -> item.id() == BASE + 1)
                .thenCancel()
                .verify(WAIT);

        StepVerifier.create(hub.stream(StreamFilter.all(true), null))
                .expectNextMatches(item -> item instanceof StreamItem.Snapshot)
                .then(() -> assertThat(hub.takesChecks()).isTrue())
                .then(() -> everything.tryEmitNext(check("api")))
                .expectNextMatches(item -> item instanceof StreamItem.Event event
                        && event.event() instanceof MonitorEvent.Checked && item.id() == BASE + 2)
                // a change on the every-event stream reaches the hub through the changes only: once
                .then(() -> {
                    everything.tryEmitNext(status("db", HealthStatus.UNHEALTHY));
                    changes.tryEmitNext(status("db", HealthStatus.UNHEALTHY));
                })
                .expectNextMatches(item -> item.id() == BASE + 3)
                .thenCancel()
                .verify(WAIT);

        assertThat(hub.takesChecks()).isFalse();
        assertThat(everything.currentSubscriberCount()).isZero();
        assertThat(hub.lastId()).isEqualTo(BASE + 3);
        feed.dispose();
    }

    /** Returns a hub that drains each client on the thread that publishes or requests: deterministic. */
    private EventHub hub(int clientBuffer, int replaySize) {
        return EventHub.create(monitors::get, clientBuffer, replaySize, BASE, Schedulers.immediate());
    }

    static MonitorSnapshot snapshot(String name, HealthStatus status) {
        return new MonitorSnapshot(name, status, Instant.EPOCH, Duration.ZERO, Duration.ZERO, null, "",
                URI.create("tcp://127.0.0.1:1"), 0, HealthCheckConfig.defaults());
    }

    private static MonitorEvent status(String name, HealthStatus status) {
        return new MonitorEvent.StatusChanged(name, status, HealthStatus.STARTING, "", Duration.ZERO, null,
                Instant.EPOCH, 0);
    }

    private static MonitorEvent check(String name) {
        return new MonitorEvent.Checked(name, Outcome.Kind.PASS, HealthStatus.HEALTHY, "", Duration.ofMillis(1),
                Instant.EPOCH);
    }
}
