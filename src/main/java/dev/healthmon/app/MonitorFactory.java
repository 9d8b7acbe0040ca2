package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import dev.healthmon.config.MonitorSpec;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.probe.Probes;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.Monitors;

/** Builds the monitor that a {@link MonitorSpec} describes: the one place where the service creates monitors. */
@FunctionalInterface
public interface MonitorFactory {

    /**
     * Returns the factory of the service: the seed's unified factory ({@link Monitors#newMonitor}), which checks
     * a target behind an agent through the agent, one with a Docker container through the daemon (falling back
     * to its URL) and any other with the probe of its URL's scheme, all on the clients of {@code probes}, keeping
     * time with {@code options}.
     */
    static MonitorFactory probing(Probes probes, MonitorOptions options) {
        requireNonNull(probes, "probes");
        requireNonNull(options, "options");
        return spec -> Monitors.newMonitor(spec.name(), spec.config(), spec.target(), options, probes);
    }

    /**
     * Returns a new monitor, not started, for {@code spec}.
     *
     * @throws InvalidConfigException when the spec cannot be checked, such as a URL scheme no probe supports
     */
    HealthMonitor create(MonitorSpec spec);
}
