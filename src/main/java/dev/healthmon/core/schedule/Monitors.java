package dev.healthmon.core.schedule;

import java.net.URI;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.probe.Probe;

/**
 * Creates health monitors: the seed's {@code New...Monitor} functions.
 *
 * <pre>{@code
 * HealthMonitor custom = Monitors.of("x", config, url, u -> Mono.just(HealthCheckResult.healthy(latency)));
 * }</pre>
 */
public final class Monitors {

    private Monitors() {
    }

    /**
     * Returns a monitor, not started, that checks {@code url} with {@code check} (the seed's
     * {@code HealthCheckFunc}): a result that is not healthy is a failure; an error signal, or an exception
     * thrown by {@code check}, is a check error.
     */
    public static HealthMonitor of(String name, HealthCheckConfig config, URI url, Probe check) {
        return of(name, config, url, check, MonitorOptions.defaults());
    }

    /** Returns a monitor as {@link #of(String, HealthCheckConfig, URI, Probe)} that keeps time with {@code options}. */
    public static HealthMonitor of(String name, HealthCheckConfig config, URI url, Probe check,
            MonitorOptions options) {
        return new ScheduledMonitor(name, config, url, check, options);
    }
}
