package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.DOWN_AT;
import static dev.healthmon.notify.Fixtures.UTC;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.Fixtures.up;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.Notification;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The notifier with an outbox: kept before delivery, acknowledged after it, sent again at start, never twice. */
class OutboxTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MemoryOutbox outbox = new MemoryOutbox();

    @Test
    void aDeliveredMessageIsKeptThenAcknowledged() {
        try (Receiver hook = Receiver.answering(200)) {
            run(notifier(hook, 0), down());

            Outbox.Key key = new Outbox.Key("api", Long.toString(DOWN_AT.toEpochMilli()), Notification.Kind.DOWN);
            assertThat(outbox.kept.keySet()).containsExactly(new Entry(key, "hook"));
            assertThat(OutboxPayload.read(outbox.kept.get(new Entry(key, "hook")))).isEqualTo(down());
            assertThat(outbox.acknowledged).containsExactly(new Entry(key, "hook"));
            assertThat(hook.count()).isEqualTo(1);
        }
    }

    @Test
    void theUpIsKeptUnderTheOutageOfItsDown() {
        try (Receiver hook = Receiver.answering(200)) {
            Notification up = new Notification("api", Notification.Kind.UP, "http://localhost:8080", "",
                    Fixtures.UP_AT, Fixtures.UP_AT, Duration.ofMillis(12), DOWN_AT);
            run(notifier(hook, 0), down(), up);

            String outage = Long.toString(DOWN_AT.toEpochMilli());
            assertThat(outbox.acknowledged).containsExactlyInAnyOrder(
                    new Entry(new Outbox.Key("api", outage, Notification.Kind.DOWN), "hook"),
                    new Entry(new Outbox.Key("api", outage, Notification.Kind.UP), "hook"));
        }
    }

    @Test
    void aDeliveryThatStillFailsStaysPendingAndWaits() {
        try (Receiver hook = Receiver.answering(503)) {
            // the message waits for breakerWait (1m) after its last retry: it neither ends nor is acknowledged
            StepVerifier.create(notifier(hook, 1).run(Flux.just(down())))
                    .then(() -> hook.await(2))
                    .expectNoEvent(Duration.ofMillis(300))
                    .thenCancel()
                    .verify(WAIT);

            assertThat(hook.count()).isEqualTo(2);
            assertThat(outbox.kept).hasSize(1);
            assertThat(outbox.acknowledged).isEmpty();
        }
    }

    @Test
    void aRefusalThatNoRetryCanChangeIsDone() {
        try (Receiver hook = Receiver.answering(400)) {
            run(notifier(hook, 3), down());

            assertThat(hook.count()).isEqualTo(1);
            assertThat(outbox.acknowledged).hasSize(1);
        }
    }

    @Test
    void pendingMessagesAreSentAgainAtStartToTheirOwnProviderOnly() {
        try (Receiver hook = Receiver.answering(200); Receiver other = Receiver.answering(200)) {
            Outbox.Key key = Outbox.Key.of(down());
            outbox.kept.put(new Entry(key, "hook"), OutboxPayload.write(down()));
            Notifier notifier = Notifier.builder(List.of(config("hook", hook, 0), config("other", other, 0)),
                    monitor -> Set.of(), new SimpleMeterRegistry()).zone(UTC).outbox(outbox).build();

            run(notifier);

            assertThat(hook.count()).isEqualTo(1);
            assertThat(hook.first().body()).contains("api").contains("went down");
            assertThat(other.count()).isZero();
            assertThat(outbox.acknowledged).containsExactly(new Entry(key, "hook"));
        }
    }

    @Test
    void aMessageKeptBeforeIsNotSentASecondTime() {
        try (Receiver hook = Receiver.answering(200)) {
            outbox.kept.put(new Entry(Outbox.Key.of(down()), "hook"), OutboxPayload.write(down()));
            outbox.acknowledged.add(new Entry(Outbox.Key.of(down()), "hook"));

            run(notifier(hook, 0), down());

            assertThat(hook.count()).isZero();
        }
    }

    @Test
    void aFailingOutboxDoesNotStopDelivery() {
        try (Receiver hook = Receiver.answering(200)) {
            outbox.broken = true;

            run(notifier(hook, 0), down());

            assertThat(hook.count()).isEqualTo(1);
        }
    }

    private static void run(Notifier notifier, MonitorEvent... events) {
        StepVerifier.create(notifier.run(Flux.just(events)))
                .expectComplete()
                .verify(WAIT);
    }

    private Notifier notifier(Receiver hook, int retries) {
        return Notifier.builder(List.of(config("hook", hook, retries)), monitor -> Set.of(), new SimpleMeterRegistry())
                .zone(UTC)
                .outbox(outbox)
                .build();
    }

    private static ProviderConfig config(String name, Receiver receiver, int retries) {
        return ProviderConfig.of(name, settings("webhook", receiver.url(), "retries", retries, "backoff", "10ms"));
    }

    private record Entry(Outbox.Key key, String provider) {
    }

    /** An outbox in memory; the notifier calls it from one provider's pipeline at a time in these tests. */
    private static final class MemoryOutbox implements Outbox {

        final Map<Entry, String> kept = new LinkedHashMap<>();
        final List<Entry> acknowledged = new ArrayList<>();
        volatile boolean broken;

        @Override
        public Mono<Boolean> enqueue(Key key, String provider, String payload) {
            return Mono.fromCallable(() -> {
                check();
                synchronized (this) {
                    return kept.putIfAbsent(new Entry(key, provider), payload) == null;
                }
            });
        }

        @Override
        public Mono<Boolean> acknowledge(Key key, String provider) {
            return Mono.fromCallable(() -> {
                check();
                synchronized (this) {
                    Entry entry = new Entry(key, provider);
                    boolean pending = kept.containsKey(entry) && !acknowledged.contains(entry);
                    acknowledged.add(entry);
                    return pending;
                }
            });
        }

        @Override
        public Flux<Pending> pending() {
            return Flux.defer(() -> {
                check();
                synchronized (this) {
                    return Flux.fromIterable(kept.entrySet().stream()
                            .filter(e -> !acknowledged.contains(e.getKey()))
                            .map(e -> new Pending(e.getKey().key(), e.getKey().provider(), e.getValue()))
                            .toList());
                }
            });
        }

        private void check() {
            if (broken) {
                throw new IllegalStateException("outbox unavailable");
            }
        }
    }
}
