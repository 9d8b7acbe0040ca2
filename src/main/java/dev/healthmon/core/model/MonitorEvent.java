package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What monitors publish on their hot event stream: status changes, check results, notifications and lifecycle;
 * and what a service publishes beside them, the outcome of a reload of its config file.
 */
public sealed interface MonitorEvent
        permits MonitorEvent.StatusChanged, MonitorEvent.Checked, MonitorEvent.Notification, MonitorEvent.Lifecycle,
        MonitorEvent.ConfigReloaded, MonitorEvent.Maintenance {

    /** Returns the name of the monitor the event is about. */
    String name();

    /** Returns when it happened. */
    Instant time();

    /**
     * The status of a monitor changed.
     *
     * @param name the monitor
     * @param status the new status
     * @param previous the status before
     * @param detail what the last check saw
     * @param latency the last check's latency
     * @param lastSeen when the target last passed, or {@code null} if never
     * @param time when the status changed
     * @param consecutiveFailures failures in a row
     */
    record StatusChanged(String name, HealthStatus status, HealthStatus previous, String detail, Duration latency,
            @Nullable Instant lastSeen, Instant time, int consecutiveFailures) implements MonitorEvent {
        public StatusChanged {
            requireNonNull(name, "name");
            requireNonNull(status, "status");
            requireNonNull(previous, "previous");
            requireNonNull(detail, "detail");
            requireNonNull(latency, "latency");
            requireNonNull(time, "time");
        }
    }

    /**
     * A check completed.
     *
     * @param name the monitor
     * @param outcome pass, fail or error
     * @param status the status after the check
     * @param detail what the check saw
     * @param latency how long the target took
     * @param time when the check completed
     */
    record Checked(String name, Outcome.Kind outcome, HealthStatus status, String detail, Duration latency,
            Instant time) implements MonitorEvent {
        public Checked {
            requireNonNull(name, "name");
            requireNonNull(outcome, "outcome");
            requireNonNull(status, "status");
            requireNonNull(detail, "detail");
            requireNonNull(latency, "latency");
            requireNonNull(time, "time");
        }
    }

    /**
     * A target went down or came back up: what notifiers deliver.
     *
     * @param name the monitor
     * @param kind down or up, degraded or recovered, or certificate
     * @param url the monitored URL
     * @param detail what the check saw
     * @param time when it happened
     * @param lastSeen when the target last passed, or {@code null} if never
     * @param latency the latency of the passing check for an up; the last latency for a down
     * @param outage which outage it is about: the time its down was sent, the same for the down and the up that
     *        ends it, so that {@code (name, outage, kind)} identifies one message
     */
    record Notification(String name, Kind kind, String url, String detail, Instant time, @Nullable Instant lastSeen,
            Duration latency, Instant outage) implements MonitorEvent {
        public Notification {
            requireNonNull(name, "name");
            requireNonNull(kind, "kind");
            requireNonNull(url, "url");
            requireNonNull(detail, "detail");
            requireNonNull(time, "time");
            requireNonNull(latency, "latency");
            requireNonNull(outage, "outage");
        }

        /**
         * Returns a notification whose outage is its own time, as for a down; an up names the outage it ends with
         * the canonical constructor.
         */
        public Notification(String name, Kind kind, String url, String detail, Instant time,
                @Nullable Instant lastSeen, Duration latency) {
            this(name, kind, url, detail, time, lastSeen, latency, time);
        }

        /** Returns the seed's title: "❌ Service went down ❌" or "✅ Service is up ✅". */
        public String title() {
            return kind.title();
        }

        /** Down or up; degraded or recovered; a certificate near its expiry. */
        public enum Kind {
            DOWN("❌ Service went down ❌"),
            UP("✅ Service is up ✅"),
            DEGRADED("🐢 Service is slow 🐢"),
            RECOVERED("✅ Service is fast again ✅"),
            CERTIFICATE("🔒 Certificate expires soon 🔒");

            private final String title;

            Kind(String title) {
                this.title = title;
            }

            /** Returns whether this kind is about an outage: a down or an up. */
            public boolean outage() {
                return this == DOWN || this == UP;
            }

            /** Returns the kind named by {@code text}, ignoring case, or {@code null} when none is. */
            public static @Nullable Kind parse(String text) {
                for (Kind kind : values()) {
                    if (kind.name().equalsIgnoreCase(text.trim())) {
                        return kind;
                    }
                }
                return null;
            }

            /** Returns the notification title of this kind. */
            public String title() {
                return title;
            }

            @Override
            public String toString() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    /**
     * A monitor was added, removed, or stopped itself.
     *
     * @param name the monitor
     * @param action what happened
     * @param reason why; empty when there is nothing to say
     * @param time when it happened
     */
    record Lifecycle(String name, Action action, String reason, Instant time) implements MonitorEvent {
        public Lifecycle {
            requireNonNull(name, "name");
            requireNonNull(action, "action");
            requireNonNull(reason, "reason");
            requireNonNull(time, "time");
        }

        /** Added, removed or stopped. */
        public enum Action {
            ADDED, REMOVED, STOPPED;

            @Override
            public String toString() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    /**
     * The config file was reloaded: applied, with the monitors it added, removed and changed, or rejected, with why.
     * A service publishes it beside the monitors' events, never on a registry's stream.
     *
     * @param name the config file, as the service found it: the event is about it, not about a monitor
     * @param applied whether the file was applied; when not, nothing changed
     * @param added the monitors started, when applied
     * @param removed the monitors stopped, when applied
     * @param changed the monitors replaced with their state kept, when applied
     * @param error why the file was rejected; empty when applied
     * @param monitor the monitor at fault, when the error is about one
     * @param field the invalid field, as {@code interval} (of {@code monitor}) or {@code notifications.ntfy.topic},
     *        when the error is about one
     * @param time when the reload ended
     */
    record ConfigReloaded(String name, boolean applied, List<String> added, List<String> removed,
            List<String> changed, String error, @Nullable String monitor, @Nullable String field, Instant time)
            implements MonitorEvent {
        public ConfigReloaded {
            requireNonNull(name, "name");
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            changed = List.copyOf(changed);
            requireNonNull(error, "error");
            requireNonNull(time, "time");
        }

        /** Returns the event of a file applied with these changes. */
        public static ConfigReloaded applied(String file, List<String> added, List<String> removed,
                List<String> changed, Instant time) {
            return new ConfigReloaded(file, true, added, removed, changed, "", null, null, time);
        }

        /** Returns the event of a file rejected for {@code error}, about a monitor and a field when not null. */
        public static ConfigReloaded rejected(String file, String error, @Nullable String monitor,
                @Nullable String field, Instant time) {
            return new ConfigReloaded(file, false, List.of(), List.of(), List.of(), error, monitor, field, time);
        }
    }

    /**
     * A monitor entered or left a maintenance window.
     *
     * @param name the monitor
     * @param window the window's name
     * @param from when the monitor entered it
     * @param until when it ends (or ended, when left)
     * @param active whether the monitor is in it now
     * @param time when it happened
     */
    record Maintenance(String name, String window, Instant from, Instant until, boolean active, Instant time)
            implements MonitorEvent {
        public Maintenance {
            requireNonNull(name, "name");
            requireNonNull(window, "window");
            requireNonNull(from, "from");
            requireNonNull(until, "until");
            requireNonNull(time, "time");
        }
    }
}
