package dev.healthmon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class HistoryWriterTest {

    private static final StoreConfig CONFIG = StoreConfig.defaults().withBatching(4, 3, Duration.ofSeconds(1));

    private final List<List<HistoryEntry>> written = new CopyOnWriteArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final StoreMetrics metrics = StoreMetrics.create(new SimpleMeterRegistry());

    // a status change is written as it comes, not summarised
    private static MonitorEvent change(int i) {
        HealthStatus status = i % 2 == 0 ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
        return new MonitorEvent.StatusChanged("api", status, status == HealthStatus.HEALTHY ? HealthStatus.UNHEALTHY
                : HealthStatus.HEALTHY, "", Duration.ofMillis(i), null, Instant.ofEpochSecond(i), 0);
    }

    private static MonitorEvent check(String name, long millis, boolean pass) {
        return new MonitorEvent.Checked(name, pass ? Outcome.Kind.PASS : Outcome.Kind.FAIL,
                pass ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY, "", Duration.ofMillis(1 + millis % 7),
                Instant.ofEpochMilli(millis));
    }

    @Test
    void batchesByTimeAndBySize() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Sinks.Many<MonitorEvent> events = Sinks.many().unicast().onBackpressureBuffer();
        StepVerifier.withVirtualTime(() -> HistoryWriter.create(store(), vts).writes(events.asFlux()), () -> vts,
                        Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> {
                    events.tryEmitNext(change(1));
                    events.tryEmitNext(change(2));
                })
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .assertNext(result -> assertThat(result).isEqualTo(new BatchResult(2, 2, true)))
                .then(() -> {
                    for (int i = 3; i <= 5; i++) {
                        events.tryEmitNext(change(i));
                    }
                })
                .assertNext(result -> assertThat(result.events()).as("full before the wait").isEqualTo(3))
                .then(events::tryEmitComplete)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(written).hasSize(2);
    }

    @Test
    void checksLeaveAsOneSummaryPerMonitorAndSpanAndAStatusChangeAfterTheChecksBeforeIt() {
        // "api" checks every 100 ms: its span is a second, so a second of checks is one entry, not ten
        List<MonitorEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(check("api", 100L * i, i < 25));
        }
        events.add(change(3));
        events.add(check("api", 3_000, false));
        List<BatchResult> results = HistoryWriter.create(store(), Schedulers.parallel())
                .writes(Flux.fromIterable(events))
                .collectList()
                .block(Duration.ofSeconds(10));

        List<HistoryEntry> entries = written.stream().flatMap(List::stream).toList();
        assertThat(results.stream().mapToInt(BatchResult::events).sum()).as("every check counted once, and the change")
                .isEqualTo(32);
        assertThat(entries.stream().mapToInt(HistoryEntry::events).sum()).isEqualTo(32);
        assertThat(entries.size()).as("a few summaries, the change, the last check").isBetween(4, 6);
        int change = entries.indexOf(HistoryEntry.of(change(3)));
        assertThat(entries.subList(0, change)).allMatch(CheckSummary.class::isInstance)
                .extracting(HistoryEntry::events).as("the 30 checks before the change")
                .satisfies(counts -> assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(30));
        assertThat(entries.subList(change + 1, entries.size())).singleElement()
                .isInstanceOfSatisfying(CheckSummary.class, last -> {
                    assertThat(last.last()).isEqualTo(Instant.ofEpochMilli(3_000));
                    assertThat(last.status()).isEqualTo(HealthStatus.UNHEALTHY);
                });
        CheckSummary first = (CheckSummary) entries.get(0);
        assertThat(first.minutes()).singleElement().satisfies(m -> assertThat(m.checks()).isPositive()
                .isLessThanOrEqualTo(10));
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
                        events.tryEmitNext(change(i));
                    }
                })
                .assertNext(result -> assertThat(result).isEqualTo(new BatchResult(3, 0, false)))
                .then(() -> {
                    down.set(false);
                    events.tryEmitNext(change(4));
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
    void aFailedSummaryCountsEachOfItsChecksAsLost() {
        down.set(true);
        List<MonitorEvent> checks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            checks.add(check("api", 100L * i, true));
        }
        List<BatchResult> results = HistoryWriter.create(store(), Schedulers.parallel())
                .writes(Flux.fromIterable(checks))
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(results).allMatch(result -> !result.written());
        assertThat(metrics.droppedOnFailure()).isEqualTo(7);
    }

    @Test
    void aFullBufferDropsTheOldestEventsAndCountsThem() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Sinks.Many<MonitorEvent> events = Sinks.many().unicast().onBackpressureBuffer();
        Sinks.One<Integer> gate = Sinks.one();
        HistoryStore slow = new FakeStore() {
            @Override
            public Mono<Integer> writeEntries(List<HistoryEntry> batch) {
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
                        events.tryEmitNext(change(i));
                    }
                })
                .then(() -> gate.tryEmitValue(3))
                .then(events::tryEmitComplete)
                .thenConsumeWhile(result -> result.written())
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        // what the operators held in flight (a batch or three) was written; the buffer of 4 kept the newest
        List<Instant> kept = written.stream().flatMap(List::stream)
                .map(entry -> ((HistoryEntry.Event) entry).event().time()).toList();
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
        public Mono<Integer> writeEntries(List<HistoryEntry> batch) {
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
