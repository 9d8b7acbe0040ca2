package dev.healthmon.app;

import dev.healthmon.config.MonitorSpec;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.schedule.HealthMonitor;

/** Builds the monitor that a {@link MonitorSpec} describes: the one place where the service creates monitors. */
@FunctionalInterface
public interface MonitorFactory {

    /**
     * Returns a new monitor, not started, for {@code spec}.
     *
     * @throws InvalidConfigException when the spec cannot be checked, such as a URL scheme no probe supports
     */
    HealthMonitor create(MonitorSpec spec);
}
