package dev.healthmon.web;

import java.util.List;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * Which events one SSE client wants: all monitors or one, and whether {@code check} events too.
 *
 * @param monitor the one monitor, or {@code null} for all
 * @param checks whether every check result is sent
 */
public record StreamFilter(@Nullable String monitor, boolean checks) {

    /** Returns the filter of the stream of all monitors. */
    public static StreamFilter all(boolean checks) {
        return new StreamFilter(null, checks);
    }

    /** Returns the filter of the stream of one monitor. */
    public static StreamFilter of(String monitor, boolean checks) {
        return new StreamFilter(monitor, checks);
    }

    /** Returns whether the client wants {@code event}; a reload of the config file goes to the stream of all. */
    public boolean accepts(MonitorEvent event) {
        if (event instanceof MonitorEvent.ConfigReloaded) {
            return monitor == null;
        }
        if (monitor != null && !monitor.equals(event.name())) {
            return false;
        }
        return checks || !(event instanceof MonitorEvent.Checked);
    }

    /** Returns the snapshots of the monitors the client wants. */
    public List<MonitorSnapshot> select(List<MonitorSnapshot> snapshots) {
        return monitor == null ? snapshots : snapshots.stream().filter(s -> s.name().equals(monitor)).toList();
    }
}
