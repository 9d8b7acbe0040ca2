package dev.healthmon.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * The last events with their ids, for clients that resume with {@code Last-Event-ID}.
 *
 * <p>One writer, any number of readers, no lock: the hub adds from its serialised upstream only, and a client that
 * joins reads concurrently. Events sit in a ring indexed by id, so a reader that finds in a slot an event other
 * than the one it looks for knows it was overwritten meanwhile: too old to replay.
 */
final class ReplayBuffer {

    private final AtomicReferenceArray<StreamItem.Event> slots;

    ReplayBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** Keeps {@code event}, in place of the oldest when full; called by one thread at a time, ids increasing. */
    void add(StreamItem.Event event) {
        slots.set(slot(event.id()), event);
    }

    /**
     * Returns the events after {@code lastSeenId}, oldest first, given that {@code lastId} is the id of the newest
     * event added; {@code null} when they are not all kept anymore, or {@code lastSeenId} was never issued.
     */
    @Nullable List<StreamItem.Event> after(long lastSeenId, long lastId) {
        if (lastSeenId > lastId || lastSeenId < lastId - slots.length()) {
            return null;
        }
        List<StreamItem.Event> events = new ArrayList<>((int) (lastId - lastSeenId));
        for (long id = lastSeenId + 1; id <= lastId; id++) {
            StreamItem.Event event = slots.get(slot(id));
            if (event == null || event.id() != id) {
                return null;
            }
            events.add(event);
        }
        return events;
    }

    private int slot(long id) {
        return (int) Math.floorMod(id, (long) slots.length());
    }
}
