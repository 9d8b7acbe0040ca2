package dev.healthmon.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.Target;

/**
 * A validated monitor definition: what to check, how, and whom to notify.
 *
 * @param name the unique name
 * @param target the URL, and the Docker container or agent behind it
 * @param config the effective check configuration, global defaults applied
 * @param notifications the names of the notifications this monitor uses; empty for all
 */
public record MonitorSpec(String name, Target target, HealthCheckConfig config, List<String> notifications) {

    public MonitorSpec {
        requireNonNull(name, "name");
        requireNonNull(target, "target");
        requireNonNull(config, "config");
        notifications = List.copyOf(notifications);
    }
}
