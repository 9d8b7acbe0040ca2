package dev.healthmon.notify;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The outbox of a notifier without a store: the messages of one provider kept in memory, oldest first, until it has
 * taken them, at most {@code capacity} of them. It keeps messages that wait for an open circuit or a full queue, and
 * loses them when the service stops. It does not tell a message kept twice: without a store there is no restart to
 * send one again.
 */
final class MemoryOutbox implements Outbox {

    private final int capacity;
    // guarded by this
    private final Deque<Pending> kept = new ArrayDeque<>();

    MemoryOutbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.capacity = capacity;
    }

    // a few field writes under a lock that no one holds for longer: safe on an event loop
    @Override
    public Mono<Boolean> enqueue(Key key, String provider, String payload) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                if (kept.size() >= capacity) {
                    throw new IllegalStateException("no room: " + capacity + " messages wait in memory (park)");
                }
                kept.addLast(new Pending(key, provider, payload));
                return true;
            }
        });
    }

    @Override
    public Mono<Boolean> acknowledge(Key key, String provider) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                // the one acknowledged is almost always among the oldest
                for (Iterator<Pending> it = kept.iterator(); it.hasNext(); ) {
                    Pending pending = it.next();
                    if (pending.key().equals(key) && pending.provider().equals(provider)) {
                        it.remove();
                        return true;
                    }
                }
                return false;
            }
        });
    }

    @Override
    public Flux<Pending> pending() {
        return Flux.defer(() -> Flux.fromIterable(snapshot()));
    }

    /** Returns the messages kept now, oldest first. */
    synchronized List<Pending> snapshot() {
        return List.copyOf(kept);
    }
}
