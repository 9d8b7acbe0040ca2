package dev.healthmon.web;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Predicate;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * Which events one SSE client wants: all monitors or one, whether {@code check} events too, and which monitors it
 * may see at all.
 *
 * @param monitor the one monitor, or {@code null} for all
 * @param checks whether every check result is sent
 * @param listed which monitors the client may see, by name, asked at each event and snapshot (so a monitor made
 *         private stops showing at once); every monitor for the dashboard, the public ones for the status page
 */
public record StreamFilter(@Nullable String monitor, boolean checks, Predicate<String> listed) {

    private static final Predicate<String> EVERY = name -> true;

    public StreamFilter {
        requireNonNull(listed, "listed");
    }

    /** Returns the filter of one monitor, or all when {@code monitor} is {@code null}, with every monitor listed. */
    public StreamFilter(@Nullable String monitor, boolean checks) {
        this(monitor, checks, EVERY);
    }

    /** Returns the filter of the stream of all monitors. */
    public static StreamFilter all(boolean checks) {
        return new StreamFilter(null, checks);
    }

    /** Returns the filter of the stream of one monitor. */
    public static StreamFilter of(String monitor, boolean checks) {
        return new StreamFilter(monitor, checks);
    }

    /**
     * Returns the filter of the stream of the monitors {@code listed} accepts: their status changes, and monitor
     * events (of every monitor: one that stopped being listed is also news to a page that shows it, so the stream
     * must leave out the name of one that is not); never checks or notifications.
     */
    public static StreamFilter listed(Predicate<String> listed) {
        return new StreamFilter(null, false, listed);
    }

    /** Returns whether the client wants {@code event}; a reload of the config file goes to the stream of all. */
    public boolean accepts(MonitorEvent event) {
        if (event instanceof MonitorEvent.ConfigReloaded) {
            // its errors may name any monitor: never on the stream of one monitor or of the listed ones
            return monitor == null && listed == EVERY;
        }
        if (monitor != null && !monitor.equals(event.name())) {
            return false;
        }
        if (listed != EVERY && (event instanceof MonitorEvent.Notification
                || !(event instanceof MonitorEvent.Lifecycle) && !listed.test(event.name()))) {
            return false;
        }
        return checks || !(event instanceof MonitorEvent.Checked);
    }

    /** Returns the snapshots of the monitors the client wants. */
    public List<MonitorSnapshot> select(List<MonitorSnapshot> snapshots) {
        if (monitor == null && listed == EVERY) {
            return snapshots;
        }
        return snapshots.stream()
                .filter(s -> monitor == null || s.name().equals(monitor))
                .filter(s -> listed.test(s.name()))
                .toList();
    }

    @Override
    public String toString() {
        return "StreamFilter[monitor=" + monitor + ", checks=" + checks + (listed == EVERY ? "" : ", listed") + "]";
    }
}
