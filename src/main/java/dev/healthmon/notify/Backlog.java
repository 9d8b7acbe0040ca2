package dev.healthmon.notify;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The messages of one run of one provider that are in memory (queued or in flight), and whether others wait in the
 * outbox because the queue was full. While some wait there, every new message that the outbox keeps waits there
 * too, behind them; once memory is empty the outbox is read again, oldest first. So a full queue loses nothing, and
 * each monitor's messages keep their order. A run starts as if some waited, so what was pending before it is read
 * first.
 *
 * <p>Thread-safe: each step is a few field updates under this lock; a read of the outbox is asked for outside it,
 * and handed over by whichever thread finds no hand-over going on, the others leaving theirs in a queue: a
 * serialized {@code Sinks.Many} would instead refuse an ask made on another thread during a hand-over
 * ({@code FAIL_NON_SERIALIZED}), and an ask refused once leaves the outbox unread for good.
 */
final class Backlog {

    // what ends the asks, among the counts of parked messages
    private static final long END = -1;

    // one thread at a time emits, the one that took the hand-over; before the run subscribes, asks wait in it
    private final Sinks.Many<Long> reads = Sinks.unsafe().many().unicast().onBackpressureBuffer();
    private final Queue<Long> asks = Queues.<Long>unboundedMultiproducer().get();
    private final AtomicInteger handing = new AtomicInteger();
    // guarded by this
    private boolean spilled = true;
    private long parked;
    private int inMemory;
    private boolean reading;
    private boolean inputEnded;
    private boolean completed;

    /**
     * Returns a hot {@code Flux} that asks for a read of the outbox, one at a time: each value is the count of parked
     * messages when it was asked for, to give back to {@link #readEnded}. It completes once the input has ended,
     * memory is empty and nothing waits in the outbox.
     */
    Flux<Long> reads() {
        return reads.asFlux();
    }

    /** Asks for the first read, of what the outbox held before this run. */
    void start() {
        signal();
    }

    /**
     * Returns whether a new message goes to the queue; {@code false} when it waits in the outbox behind others,
     * which only a message the outbox {@code kept} can do.
     */
    synchronized boolean admit(boolean kept) {
        if (kept && spilled) {
            parked++;
            return false;
        }
        inMemory++;
        return true;
    }

    /** Counts a message read back from the outbox before it goes to the queue. */
    synchronized void reloaded() {
        inMemory++;
    }

    /**
     * Counts out a message that did not fit in the queue; one the outbox {@code kept} waits there, and every new one
     * after it.
     */
    void overflowed(boolean kept) {
        synchronized (this) {
            inMemory--;
            if (kept) {
                spilled = true;
                parked++;
            }
        }
        signal();
    }

    /** Counts out {@code messages} whose delivery has ended. */
    void ended(int messages) {
        synchronized (this) {
            inMemory -= messages;
        }
        signal();
    }

    /**
     * Ends a read asked for when {@code parkedBefore} messages had been parked, which found {@code found} messages:
     * once one finds none while nothing was parked meanwhile, new messages go to the queue again.
     */
    void readEnded(long parkedBefore, int found) {
        synchronized (this) {
            reading = false;
            if (found == 0 && parked == parkedBefore) {
                spilled = false;
            }
        }
        signal();
    }

    /**
     * Ends the input: once memory is empty and a read of the outbox finds nothing more, the run ends. What cannot be
     * delivered keeps memory busy, so the run goes on until it is cancelled, and the outbox keeps what waits there.
     */
    void inputEnded() {
        synchronized (this) {
            inputEnded = true;
        }
        signal();
    }

    // decided under the lock, emitted outside it: a read may run synchronously and call back in
    private void signal() {
        Long read = null;
        boolean complete = false;
        synchronized (this) {
            if (inMemory > 0 || reading || completed) {
                return;
            }
            if (spilled) {
                reading = true;
                read = parked;
            }
            else if (inputEnded) {
                completed = true;
                complete = true;
            }
        }
        if (complete) {
            hand(END);
        }
        else if (read != null) {
            hand(read);
        }
    }

    // queue and drain: a thread that finds a hand-over going on (its own, when a read calls back in) leaves the ask
    // to it and returns at once
    private void hand(long ask) {
        asks.offer(ask);
        if (handing.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            for (Long next = asks.poll(); next != null; next = asks.poll()) {
                if (next == END) {
                    reads.tryEmitComplete();
                }
                else {
                    reads.tryEmitNext(next);
                }
            }
            missed = handing.addAndGet(-missed);
        }
        while (missed != 0);
    }
}
