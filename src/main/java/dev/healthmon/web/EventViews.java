package dev.healthmon.web;

import static dev.healthmon.web.MonitorView.unixSeconds;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.healthmon.core.model.MonitorEvent;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of the SSE events (DESIGN section 7), one record per event name; times in unix seconds, latencies in
 * milliseconds.
 */
final class EventViews {

    private EventViews() {
    }

    /**
     * Returns the SSE event name of {@code event}: {@code status}, {@code check}, {@code notification},
     * {@code maintenance}, {@code monitor} or {@code config}.
     */
    static String name(MonitorEvent event) {
        if (event instanceof MonitorEvent.ConfigReloaded) {
            return "config";
        }
        if (event instanceof MonitorEvent.StatusChanged) {
            return "status";
        }
        if (event instanceof MonitorEvent.Checked) {
            return "check";
        }
        if (event instanceof MonitorEvent.Notification) {
            return "notification";
        }
        if (event instanceof MonitorEvent.Maintenance) {
            return "maintenance";
        }
        return "monitor";
    }

    /** Returns the JSON view of {@code event}. */
    static Object of(MonitorEvent event) {
        if (event instanceof MonitorEvent.StatusChanged s) {
            return new StatusView(s.name(), s.status().toString(), s.previous().toString(), s.detail(),
                    s.latency().toMillis(), unixSeconds(s.lastSeen()), unixSeconds(s.time()), s.consecutiveFailures());
        }
        if (event instanceof MonitorEvent.Checked c) {
            return new CheckView(c.name(), c.outcome().toString(), c.status().toString(), c.detail(),
                    c.latency().toMillis(), unixSeconds(c.time()));
        }
        if (event instanceof MonitorEvent.Notification n) {
            return new NotificationView(n.name(), n.kind().toString(), n.title(), n.detail(), unixSeconds(n.time()),
                    unixSeconds(n.lastSeen()), n.latency().toMillis());
        }
        if (event instanceof MonitorEvent.ConfigReloaded c) {
            return c.applied()
                    ? new ConfigAppliedView("applied", c.added(), c.removed(), c.changed(), unixSeconds(c.time()))
                    : new ConfigRejectedView("rejected", c.error(), c.monitor(), c.field(), unixSeconds(c.time()));
        }
        if (event instanceof MonitorEvent.Maintenance m) {
            return new MaintenanceView(m.name(), m.window(), m.active(), unixSeconds(m.from()), unixSeconds(m.until()),
                    unixSeconds(m.time()));
        }
        MonitorEvent.Lifecycle l = (MonitorEvent.Lifecycle) event;
        return new LifecycleView(l.name(), l.action().toString(), l.reason());
    }

    /** A {@code status} event. */
    record StatusView(String name, String status, String previous, String detail, long latency, long lastSeen,
            long time, int consecutiveFailures) {
    }

    /** A {@code check} event. */
    record CheckView(String name, String outcome, String status, String detail, long latency, long time) {
    }

    /** A {@code notification} event. */
    record NotificationView(String name, String kind, String title, String detail, long time, long lastSeen,
            long latency) {
    }

    /** A {@code maintenance} event: the monitor entered ({@code active}) or left a window. */
    record MaintenanceView(String name, String window, boolean active, long from, long until, long time) {
    }

    /** A {@code monitor} event. */
    record LifecycleView(String name, String action, String reason) {
    }

    /** A {@code config} event of a file applied. */
    record ConfigAppliedView(String action, List<String> added, List<String> removed, List<String> changed,
            long time) {
    }

    /** A {@code config} event of a file rejected; {@code monitor} and {@code field} are left out when unknown. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConfigRejectedView(String action, String error, @Nullable String monitor, @Nullable String field,
            long time) {
    }
}
