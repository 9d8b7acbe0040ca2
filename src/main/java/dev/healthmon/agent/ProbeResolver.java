package dev.healthmon.agent;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.Target;
import dev.healthmon.core.probe.Probe;

/**
 * Picks the probe that checks a target for the agent, such as the unified probe factory.
 *
 * <pre>{@code
 * ProbeResolver resolver = (target, config) -> url -> tcpClient.connect(...);
 * }</pre>
 */
@FunctionalInterface
public interface ProbeResolver {

    /**
     * Returns the probe that checks {@code target} with {@code config}. It is called on an event loop for every
     * request, so it must not block, and should return probes built on clients created once.
     *
     * @throws InvalidConfigException naming the field when the target cannot be checked, such as an
     *         unsupported scheme; the agent answers 400 with it
     */
    Probe resolve(Target target, HealthCheckConfig config);
}
