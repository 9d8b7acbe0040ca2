package dev.healthmon.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * The last kept events with their ids, for clients that resume with {@code Last-Event-ID}.
 *
 * <p>Not every event is kept (check results are not), so the ids kept have gaps. One writer, any number of
 * readers, no lock: the hub adds from its serialised upstream only, and a client that joins reads concurrently.
 * Events sit in a ring indexed by the order they were kept in, each slot naming its place, so a reader that
 * finds in a slot another place than the one it looks for knows it was overwritten meanwhile. A resume is served
 * when nothing after the client's id was pushed out of the ring: the id is at least that of the newest event
 * overwritten.
 */
final class ReplayBuffer {

    private final AtomicReferenceArray<Slot> slots;
    private final long base;
    // written by the one writer; the reader reads count first, then evicted
    private volatile long count;
    private volatile long evicted;

    /** Returns a buffer of {@code capacity} events whose ids are all above {@code base}. */
    ReplayBuffer(int capacity, long base) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.slots = new AtomicReferenceArray<>(capacity);
        this.base = base;
        this.evicted = base;
    }

    /** Keeps {@code event}, in place of the oldest when full; called by one thread at a time, ids increasing. */
    void add(StreamItem.Event event) {
        long place = count;
        int index = (int) (place % slots.length());
        Slot old = slots.get(index);
        if (old != null) {
            // said before the slot is reused, so that a reader never misses that this event is gone
            evicted = old.event().id();
        }
        slots.set(index, new Slot(place, event));
        count = place + 1;
    }

    /**
     * Returns the kept events after {@code lastSeenId}, oldest first, given that {@code lastId} is the id of the
     * newest event published; {@code null} when some after it are not kept anymore, or {@code lastSeenId} was
     * never issued.
     */
    @Nullable List<StreamItem.Event> after(long lastSeenId, long lastId) {
        if (lastSeenId > lastId || lastSeenId < base) {
            return null;
        }
        long kept = count;
        if (lastSeenId < evicted) {
            return null;
        }
        List<StreamItem.Event> events = new ArrayList<>();
        for (long place = kept - 1; place >= 0 && place >= kept - slots.length(); place--) {
            Slot slot = slots.get((int) (place % slots.length()));
            if (slot == null || slot.place() != place) {
                return null;
            }
            if (slot.event().id() <= lastSeenId) {
                break;
            }
            if (slot.event().id() <= lastId) {
                // a newer one reaches the client as it is published
                events.add(slot.event());
            }
        }
        if (lastSeenId < evicted) {
            // the ring moved on while it was read
            return null;
        }
        Collections.reverse(events);
        return events;
    }

    private record Slot(long place, StreamItem.Event event) {
    }
}
