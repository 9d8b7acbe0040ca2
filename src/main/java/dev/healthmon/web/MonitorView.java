package dev.healthmon.web;

import java.time.Instant;
import java.util.Map;

import dev.healthmon.core.model.MonitorSettings;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.model.Redaction;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of one monitor (DESIGN section 7): the GoDoxy health JSON, extended. Times are unix seconds,
 * {@code lastSeen} is 0 when never seen, latency is in milliseconds and uptime in seconds.
 *
 * @param name the monitor's name
 * @param status its status, lowercase
 * @param started when it started, unix seconds
 * @param uptime how long it has run, seconds
 * @param latency the last check's latency, milliseconds
 * @param lastSeen when the target last passed, unix seconds; 0 if never
 * @param detail what the last check saw
 * @param url the monitored URL
 * @param consecutiveFailures failures in a row
 * @param config the check configuration in effect, as {@link MonitorSettings#view} writes it: every check field in
 *         table order, durations as in the config file ({@code 30s}), {@code payload} and {@code expect} left out
 *         when unset
 * @param maintenance the maintenance window the monitor is in, or {@code null}
 * @param held why its down is held ({@code "router is down"}, {@code "maintenance 'nightly'"}), or {@code null}
 */
public record MonitorView(String name, String status, long started, long uptime, long latency, long lastSeen,
        String detail, String url, int consecutiveFailures, Map<String, Object> config,
        @Nullable MaintenanceView maintenance, @Nullable String held) {

    /** Returns the view of a monitor in no maintenance window and holding no down. */
    public MonitorView(String name, String status, long started, long uptime, long latency, long lastSeen,
            String detail, String url, int consecutiveFailures, Map<String, Object> config) {
        this(name, status, started, uptime, latency, lastSeen, detail, url, consecutiveFailures, config, null, null);
    }

    /** Returns the view of {@code snapshot}. */
    public static MonitorView of(MonitorSnapshot snapshot) {
        return new MonitorView(snapshot.name(), snapshot.status().toString(), snapshot.started().getEpochSecond(),
                snapshot.uptime().toSeconds(), snapshot.latency().toMillis(), unixSeconds(snapshot.lastSeen()),
                snapshot.detail(), Redaction.url(snapshot.url()), snapshot.consecutiveFailures(),
                MonitorSettings.view(snapshot.config()), MaintenanceView.ofNullable(snapshot.maintenance()),
                snapshot.held());
    }

    /** Returns {@code time} in unix seconds, or 0 for {@code null}. */
    static long unixSeconds(@Nullable Instant time) {
        return time == null ? 0 : time.getEpochSecond();
    }
}
