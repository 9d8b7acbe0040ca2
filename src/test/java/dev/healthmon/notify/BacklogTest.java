package dev.healthmon.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The bookkeeping that decides when the outbox is read again, and the asks for a read it hands over. */
class BacklogTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aRunStartsWithAReadOfWhatWasPendingAndEndsWhenNothingIsLeft() {
        Backlog backlog = new Backlog();
        backlog.start();

        StepVerifier.create(backlog.reads())
                .expectNext(0L)
                .then(() -> backlog.readEnded(0, 0))
                .then(() -> assertThat(backlog.admit(true)).isTrue())
                .then(() -> backlog.ended(1))
                .then(backlog::inputEnded)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void messagesKeptWhileOthersWaitInTheOutboxWaitBehindThemAndAreReadOnceMemoryDrains() {
        Backlog backlog = new Backlog();
        backlog.start();

        StepVerifier.create(backlog.reads())
                .expectNext(0L)
                // the first read found one: the queue takes it, and what comes next waits behind it
                .then(backlog::reloaded)
                .then(() -> backlog.readEnded(0, 1))
                .then(() -> assertThat(backlog.admit(true)).as("a new message while others wait").isFalse())
                .then(() -> assertThat(backlog.admit(false)).as("one the outbox cannot keep").isTrue())
                .then(() -> backlog.ended(1))
                .then(() -> backlog.ended(1))
                .expectNext(1L)
                .thenCancel()
                .verify(WAIT);
    }

    // a read asked for on another thread while the last one is still being handed over is queued, not refused:
    // a refused ask would leave the outbox unread for good, and the monitors' messages in it
    @Test
    void anAskFromAnotherThreadDuringAHandOverIsDeliveredAfterIt() {
        Backlog backlog = new Backlog();
        List<Long> reads = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> asking = new AtomicReference<>();
        backlog.reads().subscribe(parked -> {
            reads.add(parked);
            if (reads.size() > 1) {
                return;
            }
            // still inside the hand-over of the first read: it found one message, which is then delivered on
            // another thread, and that thread asks for the next read
            backlog.reloaded();
            backlog.readEnded(parked, 1);
            Thread deliverer = new Thread(() -> {
                try {
                    backlog.ended(1);
                }
                catch (Throwable e) {
                    asking.set(e);
                }
            });
            deliverer.start();
            try {
                deliverer.join(WAIT.toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(deliverer.isAlive()).as("the deliverer returned").isFalse();
        });

        backlog.start();

        assertThat(asking.get()).isNull();
        assertThat(reads).containsExactly(0L, 0L);
    }
}
