package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import dev.healthmon.core.model.MonitorEvent;

/**
 * What the writer hands the store, in order: a monitor event as it came (a status change, a notification), or
 * the checks of one monitor summarised ({@link CheckSummary}). The store writes one transaction per list of them.
 */
public sealed interface HistoryEntry permits HistoryEntry.Event, CheckSummary {

    /** Returns the monitor the entry is about. */
    String name();

    /** Returns how many monitor events the entry stands for: one, or the checks it summarises. */
    int events();

    /** Returns the entry of one event. */
    static HistoryEntry of(MonitorEvent event) {
        return new Event(event);
    }

    /**
     * One monitor event, written as it came.
     *
     * @param event the event
     */
    record Event(MonitorEvent event) implements HistoryEntry {
        public Event {
            requireNonNull(event, "event");
        }

        @Override
        public String name() {
            return event.name();
        }

        @Override
        public int events() {
            return 1;
        }
    }
}
