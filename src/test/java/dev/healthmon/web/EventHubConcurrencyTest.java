package dev.healthmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSnapshot;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The hub runs no client's work on its upstream or under a lock another client needs: a client that blocks, or
 * whose snapshot is slow, holds up nobody else, and clients that come and go during a burst cost the others
 * nothing. Blocking here happens on bounded-elastic threads, where BlockHound allows it.
 */
class EventHubConcurrencyTest {

    private static final long BASE = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<MonitorSnapshot> MONITORS = List.of(EventHubTest.snapshot("api", HealthStatus.HEALTHY));

    private final Scheduler drains = Schedulers.newBoundedElastic(8, 10_000, "hub-test");

    @AfterEach
    void disposeDrains() {
        drains.dispose();
    }

    @Test
    void aBlockedClientHoldsUpNeitherTheUpstreamNorAnotherClient() {
        EventHub hub = EventHub.create(() -> MONITORS, 8, 16, BASE, drains);
        CountDownLatch blockedOnFirstEvent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Semaphore liveReceived = new Semaphore(0);
        StepVerifier live = receivesEveryId(hub.stream(StreamFilter.all(true), null)
                .doOnNext(item -> liveReceived.release()), BASE + 100);
        StepVerifier blocked = StepVerifier.create(hub.stream(StreamFilter.all(true), null)
                        .doOnNext(item -> {
                            if (item instanceof StreamItem.Event) {
                                blockedOnFirstEvent.countDown();
                                await(release::await);
                            }
                        })
                        .takeUntil(item -> item.id() == BASE + 100)
                        .collectList())
                .assertNext(items -> {
                    assertThat(items.get(0)).isInstanceOf(StreamItem.Snapshot.class);
                    assertThat(items.get(1).id()).isEqualTo(BASE + 1);
                    // its queue overflowed while it was blocked: a fresh snapshot, then every event after it
                    assertThat(items.get(2)).isInstanceOf(StreamItem.Snapshot.class);
                    assertContiguous(items.subList(2, items.size()));
                })
                .expectComplete()
                .verifyLater();

        // were the blocked client drained on the upstream, the upstream would never finish; it waits for the live
        // client to take each event, so that the live one keeps up however busy the machine is
        StepVerifier.create(upstream(() -> {
                    hub.publish(change());
                    await(blockedOnFirstEvent::await);
                    for (int i = 1; i < 100; i++) {
                        await(liveReceived::tryAcquire);
                        hub.publish(change());
                    }
                }))
                .expectComplete()
                .verify(WAIT);
        live.verify(WAIT);
        assertThat(release.getCount()).as("the blocked client is still blocked").isEqualTo(1);
        assertThat(hub.clients()).allSatisfy(stats -> assertThat(stats.queued()).isLessThanOrEqualTo(8));
        assertThat(hub.resyncs()).isPositive();

        release.countDown();
        blocked.verify(WAIT);
    }

    @Test
    void aSlowSnapshotHoldsUpNeitherTheUpstreamNorAnotherClient() {
        AtomicBoolean slow = new AtomicBoolean();
        CountDownLatch taking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Supplier<List<MonitorSnapshot>> snapshots = () -> {
            if (slow.get()) {
                taking.countDown();
                await(release::await);
            }
            return MONITORS;
        };
        EventHub hub = EventHub.create(snapshots, 16, 16, BASE, drains);
        CountDownLatch liveHasItsSnapshot = new CountDownLatch(1);
        StepVerifier live = receivesEveryId(hub.stream(StreamFilter.all(true), null)
                .doOnNext(item -> liveHasItsSnapshot.countDown()), BASE + 10);
        await(liveHasItsSnapshot::await);
        slow.set(true);
        StepVerifier joining = receivesEveryId(hub.stream(StreamFilter.all(true), null), BASE + 10);
        await(taking::await);

        StepVerifier.create(upstream(() -> {
                    for (int i = 0; i < 10; i++) {
                        hub.publish(change());
                    }
                }))
                .expectComplete()
                .verify(WAIT);
        live.verify(WAIT);
        assertThat(release.getCount()).as("the snapshot is still being taken").isEqualTo(1);

        release.countDown();
        joining.verify(WAIT);
    }

    @Test
    void clientsComingAndGoingDuringABurstLoseNothingForTheOnesThatStay() throws Exception {
        int events = 3_000;
        // the default scheduler, as in the service; queues large enough that no one who reads is resynced
        EventHub hub = EventHub.create(() -> MONITORS, events + 10, 64, BASE);
        List<CompletableFuture<List<StreamItem>>> early = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            early.add(hub.stream(StreamFilter.all(true), null).collectList().toFuture());
        }
        AtomicBoolean burstOver = new AtomicBoolean();
        // the burst waits for the churn's first client: a burst that was over before the churn began met no one
        CountDownLatch churning = new CountDownLatch(1);
        List<Joined> joined = new CopyOnWriteArrayList<>();
        Mono<Void> burst = upstream(() -> {
            awaitOpened(churning);
            for (int i = 0; i < events; i++) {
                hub.publish(change());
            }
            burstOver.set(true);
        });
        Mono<Void> churn = upstream(() -> {
            for (int i = 0; i < 2_000 && !burstOver.get(); i++) {
                hub.stream(StreamFilter.all(true), null).subscribe().dispose();
                hub.stream(StreamFilter.all(true), null).take(3).subscribe();
                if (i >= 400) {
                    continue;   // forty clients stay: enough to meet the burst at many points
                }
                if (i % 20 == 0) {
                    joined.add(new Joined(null, hub.stream(StreamFilter.all(true), null).collectList().toFuture()));
                    churning.countDown();
                }
                else if (i % 20 == 10) {
                    long resume = hub.lastId() - 5;
                    joined.add(new Joined(resume, hub.stream(StreamFilter.all(true), resume).collectList().toFuture()));
                }
            }
        });

        StepVerifier.create(Mono.when(burst, churn).then(Mono.fromRunnable(hub::close)))
                .expectComplete()
                .verify(Duration.ofSeconds(60));

        for (CompletableFuture<List<StreamItem>> client : early) {
            List<StreamItem> items = client.get(10, TimeUnit.SECONDS);
            assertThat(items).hasSize(events + 1);
            assertThat(items.get(0)).isInstanceOf(StreamItem.Snapshot.class);
            assertContiguous(items);
        }
        assertThat(joined).isNotEmpty();
        for (Joined client : joined) {
            List<StreamItem> items = client.items().get(10, TimeUnit.SECONDS);
            StreamItem first = items.get(0);
            if (first instanceof StreamItem.Event) {
                assertThat(client.resumedAfter()).isNotNull();
                assertThat(first.id()).isEqualTo(client.resumedAfter() + 1);
            }
            assertContiguous(items);
            assertThat(items.get(items.size() - 1).id()).isEqualTo(BASE + events);
        }
    }

    @Test
    void idsKeepIncreasingAcrossAResume() {
        EventHub hub = EventHub.create(() -> MONITORS, 16, 16, BASE, drains);
        List<Long> seen = new ArrayList<>();
        StepVerifier first = StepVerifier.create(hub.stream(StreamFilter.all(true), null)
                        .map(StreamItem::id)
                        .take(4)
                        .collectList())
                .consumeNextWith(seen::addAll)
                .expectComplete()
                .verifyLater();
        for (int i = 0; i < 5; i++) {
            hub.publish(change());
        }
        first.verify(WAIT);
        hub.publish(change());

        StepVerifier.create(hub.stream(StreamFilter.all(true), seen.get(seen.size() - 1))
                        .map(StreamItem::id)
                        .take(3)
                        .collectList())
                .consumeNextWith(seen::addAll)
                .expectComplete()
                .verify(WAIT);
        assertThat(seen).containsExactlyElementsOf(ids(BASE, BASE + 6));
    }

    private static void awaitOpened(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("the churn started").isTrue();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Mono<Void> upstream(Runnable publishing) {
        return Mono.fromRunnable(publishing).subscribeOn(Schedulers.boundedElastic()).then();
    }

    private static void assertContiguous(List<StreamItem> items) {
        for (int i = 1; i < items.size(); i++) {
            assertThat(items.get(i)).isInstanceOf(StreamItem.Event.class);
            assertThat(items.get(i).id()).as("item %d", i).isEqualTo(items.get(i - 1).id() + 1);
        }
    }

    private static List<Long> ids(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    /** Returns a verifier, subscribed already, of a client that receives exactly the ids from BASE to last. */
    private static StepVerifier receivesEveryId(Flux<StreamItem> client, long last) {
        return StepVerifier.create(client.take(last - BASE + 1).map(StreamItem::id).collectList())
                .assertNext(ids -> assertThat(ids).containsExactlyElementsOf(ids(BASE, last)))
                .expectComplete()
                .verifyLater();
    }

    private static void await(Wait wait) {
        try {
            assertThat(wait.within(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("in time").isTrue();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // a change, not a check result: the replay keeps changes only, and some clients here resume
    private static MonitorEvent change() {
        return new MonitorEvent.StatusChanged("api", HealthStatus.HEALTHY, HealthStatus.UNHEALTHY, "",
                Duration.ofMillis(1), null, Instant.EPOCH, 0);
    }

    /** A bounded wait, as a latch's or a semaphore's. */
    private interface Wait {
        boolean within(long timeout, TimeUnit unit) throws InterruptedException;
    }

    /** A client that joined during the burst, fresh or resuming after an id. */
    private record Joined(@Nullable Long resumedAfter, CompletableFuture<List<StreamItem>> items) {
    }
}
