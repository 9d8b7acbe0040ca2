package dev.healthmon.web;

import static java.util.Objects.requireNonNull;

import java.util.List;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSnapshot;

/** What one SSE client is sent, each with its id: a snapshot of the monitors, or one event. */
public sealed interface StreamItem permits StreamItem.Snapshot, StreamItem.Event {

    /** Returns the id: strictly increasing along one stream. */
    long id();

    /**
     * Every monitor the stream covers, as of event {@code id}.
     *
     * @param id the id of the last event it reflects
     * @param monitors the monitors, ordered by name
     */
    record Snapshot(long id, List<MonitorSnapshot> monitors) implements StreamItem {
        public Snapshot {
            monitors = List.copyOf(monitors);
        }
    }

    /**
     * One event of the registry's stream.
     *
     * @param id its id
     * @param event the event
     */
    record Event(long id, MonitorEvent event) implements StreamItem {
        public Event {
            requireNonNull(event, "event");
        }
    }
}
