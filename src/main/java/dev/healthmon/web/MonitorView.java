package dev.healthmon.web;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.healthmon.core.model.Durations;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.MonitorSnapshot;
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
 * @param config the effective check configuration
 */
public record MonitorView(String name, String status, long started, long uptime, long latency, long lastSeen,
        String detail, String url, int consecutiveFailures, ConfigView config) {

    /** Returns the view of {@code snapshot}. */
    public static MonitorView of(MonitorSnapshot snapshot) {
        return new MonitorView(snapshot.name(), snapshot.status().toString(), snapshot.started().getEpochSecond(),
                snapshot.uptime().toSeconds(), snapshot.latency().toMillis(), unixSeconds(snapshot.lastSeen()),
                snapshot.detail(), snapshot.url().toString(), snapshot.consecutiveFailures(),
                ConfigView.of(snapshot.config()));
    }

    /** Returns {@code time} in unix seconds, or 0 for {@code null}. */
    static long unixSeconds(@Nullable Instant time) {
        return time == null ? 0 : time.getEpochSecond();
    }

    /**
     * The effective check configuration, durations written as in the config file ({@code 30s}).
     *
     * @param interval time between checks
     * @param timeout bound on one check
     * @param path path of an HTTP check
     * @param method HTTP method
     * @param retries consecutive failures before the down notification
     * @param jitter longest delay before the periodic schedule starts
     * @param healthyThreshold passes in a row to leave unhealthy
     * @param maxErrors check errors in a row that stop the monitor
     * @param expectStatus accepted HTTP codes; empty for anything below 500
     * @param tlsVerify whether certificates are verified
     * @param payload what a stream check sends; left out when unset
     * @param expect what a stream check must receive; left out when unset
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConfigView(String interval, String timeout, String path, String method, int retries,
            String jitter, int healthyThreshold, int maxErrors, List<Integer> expectStatus, boolean tlsVerify,
            @Nullable String payload, @Nullable String expect) {

        /** Returns the view of {@code config}'s effective values. */
        public static ConfigView of(HealthCheckConfig config) {
            return new ConfigView(Durations.format(config.interval()), Durations.format(config.timeout()),
                    config.path(), config.method(), config.retries(), Durations.format(config.jitter()),
                    config.healthyThreshold(), config.maxErrors(), config.expectStatus().stream().sorted().toList(),
                    config.tlsVerify(), config.payload(), config.expect());
        }
    }
}
