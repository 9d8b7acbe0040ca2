package dev.healthmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.model.Outcome;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class ClientQueueTest {

    private static final long BASE = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final AtomicInteger snapshotsTaken = new AtomicInteger();
    private final AtomicReference<ClientQueue> queue = new AtomicReference<>();

    @Test
    void offerAnswersReadyFullOrClosed() {
        StepVerifier.create(client(2), 0)
                .then(() -> {
                    ClientQueue client = queue.get();
                    client.start(BASE, null);   // a pending snapshot takes one place
                    assertThat(offer(client, event(BASE + 1))).isEqualTo(ClientQueue.Offer.READY);
                    assertThat(offer(client, event(BASE + 2))).isEqualTo(ClientQueue.Offer.FULL);
                    assertThat(client.stats().queued()).isEqualTo(2);
                    client.complete();
                    assertThat(offer(client, event(BASE + 3))).isEqualTo(ClientQueue.Offer.CLOSED);
                })
                .thenRequest(3)
                .expectNextMatches(item -> item instanceof StreamItem.Snapshot && item.id() == BASE)
                .expectNextMatches(item -> item.id() == BASE + 1)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void onlyTheFirstOfferHandsOverTheDrainUntilTheDrainHasRun() {
        StepVerifier.create(client(8), 0)
                .then(() -> {
                    ClientQueue client = queue.get();
                    client.start(BASE, List.of());
                    assertThat(client.offer(event(BASE + 1))).isEqualTo(ClientQueue.Offer.READY);
                    // the drain is the first caller's to run: the others only queue
                    assertThat(client.offer(event(BASE + 2))).isEqualTo(ClientQueue.Offer.QUEUED);
                    assertThat(client.offer(event(BASE + 3))).isEqualTo(ClientQueue.Offer.QUEUED);
                    client.drainClaimed();
                    assertThat(client.offer(event(BASE + 4))).isEqualTo(ClientQueue.Offer.READY);
                    client.drainClaimed();
                })
                .thenRequest(4)
                .expectNextMatches(item -> item.id() == BASE + 1)
                .expectNextMatches(item -> item.id() == BASE + 2)
                .expectNextMatches(item -> item.id() == BASE + 3)
                .expectNextMatches(item -> item.id() == BASE + 4)
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void aCancelledClientAnswersClosed() {
        StepVerifier.create(client(2), 0)
                .then(() -> queue.get().start(BASE, null))
                .thenCancel()
                .verify(WAIT);

        assertThat(offer(queue.get(), event(BASE + 1))).isEqualTo(ClientQueue.Offer.CLOSED);
    }

    @Test
    void snapshotIsTakenWhenTheClientReadsIt() {
        StepVerifier.create(client(4), 0)
                .then(() -> {
                    queue.get().start(BASE, null);
                    offer(queue.get(), event(BASE + 1));
                    queue.get().resync(BASE + 1);
                    offer(queue.get(), event(BASE + 2));
                    assertThat(snapshotsTaken).hasValue(0);
                })
                .thenRequest(1)
                .expectNextMatches(item -> item instanceof StreamItem.Snapshot && item.id() == BASE + 1)
                .then(() -> assertThat(snapshotsTaken).hasValue(1))
                .thenRequest(1)
                .expectNextMatches(item -> item instanceof StreamItem.Event && item.id() == BASE + 2)
                .thenCancel()
                .verify(WAIT);
        assertThat(queue.get().stats().resyncs()).isEqualTo(1);
    }

    @Test
    void eventsOfferedWhileJoiningAreDroppedUpToTheStartAndKeptAfterIt() {
        StepVerifier.create(client(8))
                .then(() -> {
                    ClientQueue client = queue.get();
                    offer(client, event(BASE + 1));
                    offer(client, event(BASE + 2));
                    offer(client, event(BASE + 3));
                    client.start(BASE + 2, List.of(event(BASE + 2)));
                    // offered again by an upstream that saw the client late: already covered
                    assertThat(offer(client, event(BASE + 2))).isEqualTo(ClientQueue.Offer.QUEUED);
                    offer(client, event(BASE + 4));
                })
                .expectNextMatches(item -> item.id() == BASE + 2)
                .expectNextMatches(item -> item.id() == BASE + 3)
                .expectNextMatches(item -> item.id() == BASE + 4)
                .thenCancel()
                .verify(WAIT);
        assertThat(snapshotsTaken).hasValue(0);
    }

    @Test
    void aReplayThatDoesNotFitStartsWithASnapshotOfTheNewestInstead() {
        List<StreamItem.Event> missed = List.of(event(BASE + 1), event(BASE + 2), event(BASE + 3));
        StepVerifier.create(client(2))
                .then(() -> assertThat(queue.get().start(BASE + 3, missed)).isTrue())
                .expectNextMatches(item -> item instanceof StreamItem.Snapshot && item.id() == BASE + 3)
                .then(() -> offer(queue.get(), event(BASE + 4)))
                .expectNextMatches(item -> item.id() == BASE + 4)
                .thenCancel()
                .verify(WAIT);
    }

    // as the hub does: the caller handed the drain runs it
    private static ClientQueue.Offer offer(ClientQueue client, StreamItem.Event event) {
        ClientQueue.Offer offer = client.offer(event);
        if (offer == ClientQueue.Offer.READY) {
            client.drainClaimed();
        }
        return offer;
    }

    private Flux<StreamItem> client(int capacity) {
        return Flux.create(sink -> {
            ClientQueue client = new ClientQueue(StreamFilter.all(true), capacity, sink, () -> {
                snapshotsTaken.incrementAndGet();
                return List.<MonitorSnapshot>of();
            }, Schedulers.immediate());
            sink.onRequest(n -> client.drain());
            sink.onDispose(client::cancel);
            queue.set(client);
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    private static StreamItem.Event event(long id) {
        return new StreamItem.Event(id, new MonitorEvent.Checked("api", Outcome.Kind.PASS, HealthStatus.HEALTHY, "",
                Duration.ofMillis(1), Instant.EPOCH));
    }
}
