package dev.healthmon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class HistoryWriterTest {

    private static final StoreConfig CONFIG = StoreConfig.defaults().withBatching(4, 3, Duration.ofSeconds(1));

    private final List<List<MonitorEvent>> written = new CopyOnWriteArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final StoreMetrics metrics = StoreMetrics.create(new SimpleMeterRegistry());

    private static MonitorEvent check(int i) {
        return new MonitorEvent.Checked("api", Outcome.Kind.PASS, HealthStatus.HEALTHY, "", Duration.ofMillis(i),
                Instant.ofEpochSecond(i));
    }

    @Test
    void batchesByTimeAndBySize() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Sinks.Many<MonitorEvent> events = Sinks.many().unicast().onBackpressureBuffer();
        StepVerifier.withVirtualTime(() -> HistoryWriter.create(store(), vts).writes(events.asFlux()), () -> vts,
                        Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> {
                    events.tryEmitNext(check(1));
                    events.tryEmitNext(check(2));
                })
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .assertNext(result -> assertThat(result).isEqualTo(new BatchResult(2, 2, true)))
                .then(() -> {
                    for (int i = 3; i <= 5; i++) {
                        events.tryEmitNext(check(i));
                    }
                })
                .assertNext(result -> assertThat(result.events()).as("full before the wait").isEqualTo(3))
                .then(events::tryEmitComplete)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(written).hasSize(2);
    }

    @Test
    void aFailingStoreCountsTheLostBatchAndWritingResumesWhenItReturns() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Sinks.Many<MonitorEvent> events = Sinks.many().unicast().onBackpressureBuffer();
        down.set(true);
        StepVerifier.withVirtualTime(() -> HistoryWriter.create(store(), vts).writes(events.asFlux()), () -> vts,
                        Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> {
                    for (int i = 1; i <= 3; i++) {
                        events.tryEmitNext(check(i));
                    }
                })
                .assertNext(result -> assertThat(result).isEqualTo(new BatchResult(3, 0, false)))
                .then(() -> {
                    down.set(false);
                    events.tryEmitNext(check(4));
                })
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(result -> assertThat(result).isEqualTo(new BatchResult(1, 1, true)))
                .then(events::tryEmitComplete)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(metrics.droppedOnFailure()).isEqualTo(3);
        assertThat(written).hasSize(1);
    }

    @Test
    void aFullBufferDropsTheOldestEventsAndCountsThem() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Sinks.Many<MonitorEvent> events = Sinks.many().unicast().onBackpressureBuffer();
        Sinks.One<Integer> gate = Sinks.one();
        HistoryStore slow = new FakeStore() {
            @Override
            public Mono<Integer> write(List<MonitorEvent> batch) {
                written.add(batch);
                // the first batch waits for the gate, the store being slow; the rest are written at once
                return written.size() == 1 ? gate.asMono() : Mono.just(batch.size());
            }
        };
        StepVerifier.withVirtualTime(() -> HistoryWriter.create(slow, vts).writes(events.asFlux()), () -> vts,
                        Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> {
                    for (int i = 1; i <= 30; i++) {
                        events.tryEmitNext(check(i));
                    }
                })
                .then(() -> gate.tryEmitValue(3))
                .then(events::tryEmitComplete)
                .thenConsumeWhile(result -> result.written())
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        // what the operators held in flight (a batch or three) was written; the buffer of 4 kept the newest
        List<Instant> kept = written.stream().flatMap(List::stream).map(MonitorEvent::time).toList();
        assertThat(metrics.droppedOnOverflow()).isPositive().isEqualTo(30 - kept.size());
        assertThat(kept).isSorted().endsWith(Instant.ofEpochSecond(27), Instant.ofEpochSecond(28),
                Instant.ofEpochSecond(29), Instant.ofEpochSecond(30));
    }

    private HistoryStore store() {
        return new FakeStore();
    }

    /** Records batches; fails while {@code down} is set. */
    private class FakeStore extends UnsupportedStore {
        @Override
        public StoreConfig config() {
            return CONFIG;
        }

        @Override
        public StoreMetrics metrics() {
            return metrics;
        }

        @Override
        public Mono<Integer> write(List<MonitorEvent> batch) {
            return Mono.fromCallable(() -> {
                if (down.get()) {
                    throw new StoreUnavailableException("history store jdbc:sqlite:x: the disk is full");
                }
                written.add(batch);
                return batch.size();
            });
        }
    }
}
