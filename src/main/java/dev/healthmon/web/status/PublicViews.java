package dev.healthmon.web.status;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSettings;
import dev.healthmon.core.model.MonitorSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * What the status page may show of a monitor: its name, group and status, and its detail, latency and URL only
 * when the monitor sets {@code publicDetail: true}. Never anything else of its configuration.
 */
final class PublicViews {

    private PublicViews() {
    }

    /** Returns the public view of {@code snapshot}, with its bar (or {@code null} in the stream's snapshot). */
    static MonitorView monitor(MonitorSnapshot snapshot, @Nullable List<@Nullable Double> bar) {
        HealthCheckConfig config = snapshot.config();
        boolean detail = detailed(config);
        return new MonitorView(snapshot.name(), config.group(), snapshot.status().toString(),
                detail ? snapshot.detail() : null, detail ? snapshot.latency().toMillis() : null,
                detail ? withoutSecrets(snapshot.url()) : null, bar);
    }

    /** Returns the public view of a status change of a monitor configured as {@code config}. */
    static StatusView status(MonitorEvent.StatusChanged event, HealthCheckConfig config) {
        boolean detail = detailed(config);
        return new StatusView(event.name(), event.status().toString(), event.time().getEpochSecond(),
                detail ? event.detail() : null, detail ? event.latency().toMillis() : null);
    }

    static boolean detailed(HealthCheckConfig config) {
        return Boolean.TRUE.equals(config.written().orDefault(MonitorSettings.PUBLIC_DETAIL));
    }

    // scheme, host, port and path: no user info, no query, no fragment
    static String withoutSecrets(URI url) {
        if (url.getHost() == null) {
            return url.getScheme() == null ? "" : url.getScheme() + ":";
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /**
     * One public monitor.
     *
     * @param name its name
     * @param group its group, or {@code null}
     * @param status its status, lowercase
     * @param detail what its last check saw, only with {@code publicDetail}
     * @param latency its last latency in milliseconds, only with {@code publicDetail}
     * @param url its URL without user info or query, only with {@code publicDetail}
     * @param bar its uptime per UTC day, oldest first (see {@code /api/v1/uptime/daily}); left out of the stream
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MonitorView(String name, @Nullable String group, String status, @Nullable String detail,
            @Nullable Long latency, @Nullable String url, @Nullable List<@Nullable Double> bar) {
    }

    /**
     * A {@code status} event of the status page's stream.
     *
     * @param name the monitor
     * @param status its new status
     * @param time when it changed, unix seconds
     * @param detail what the check saw, only with {@code publicDetail}
     * @param latency the check's latency in milliseconds, only with {@code publicDetail}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StatusView(String name, String status, long time, @Nullable String detail, @Nullable Long latency) {
    }

    /**
     * A public monitor's outage, without its detail.
     *
     * @param name the monitor
     * @param start when it began, unix seconds
     * @param end when it ended, or {@code null} while it lasts
     * @param duration seconds, up to now while it lasts
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record IncidentView(String name, long start, @Nullable Long end, long duration) {
    }

    /**
     * The status page.
     *
     * @param overall {@code operational}, {@code partial}, {@code major} or {@code unknown}
     * @param summary the banner's text
     * @param from the start of the bars' first day, unix seconds; 0 without history
     * @param days the days of each bar; 0 without history
     * @param monitors the public monitors, by group then name
     * @param incidents the public monitors' outages of the last 14 days, newest first
     */
    record PageView(String overall, String summary, long from, int days, List<MonitorView> monitors,
            List<IncidentView> incidents) {
    }
}
