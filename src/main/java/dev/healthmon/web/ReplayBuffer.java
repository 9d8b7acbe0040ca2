package dev.healthmon.web;

import java.util.ArrayDeque;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** The last events with their ids, for clients that resume with {@code Last-Event-ID}; not thread-safe. */
final class ReplayBuffer {

    private final int capacity;
    private final ArrayDeque<StreamItem.Event> events;

    ReplayBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.capacity = capacity;
        this.events = new ArrayDeque<>(capacity);
    }

    void add(StreamItem.Event event) {
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    /**
     * Returns the events after {@code lastSeenId}, oldest first, given that {@code lastId} is the id of the newest
     * event published; {@code null} when they are not all kept anymore, or {@code lastSeenId} was never issued.
     */
    @Nullable List<StreamItem.Event> after(long lastSeenId, long lastId) {
        if (lastSeenId > lastId) {
            return null;
        }
        if (lastSeenId == lastId) {
            return List.of();
        }
        StreamItem.Event oldest = events.peekFirst();
        if (oldest == null || lastSeenId < oldest.id() - 1) {
            return null;
        }
        return events.stream().filter(e -> e.id() > lastSeenId).toList();
    }
}
