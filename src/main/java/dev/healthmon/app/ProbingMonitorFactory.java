package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import dev.healthmon.config.MonitorSpec;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.Target;
import dev.healthmon.core.probe.AgentClient;
import dev.healthmon.core.probe.AgentProbe;
import dev.healthmon.core.probe.DockerProbe;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.core.probe.Probes;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.Monitors;

/**
 * The service's monitors, with the seed's selection flow: a target behind an agent is checked by the agent,
 * one with a Docker container by the daemon (falling back to its URL), any other by the probe of its URL's
 * scheme. Every URL is validated by {@link Probes}, so an unsupported scheme is a configuration error.
 */
final class ProbingMonitorFactory implements MonitorFactory {

    private final Probes probes;
    private final AgentClient agents;
    private final MonitorOptions options;

    ProbingMonitorFactory(Probes probes, AgentClient agents, MonitorOptions options) {
        this.probes = requireNonNull(probes, "probes");
        this.agents = requireNonNull(agents, "agents");
        this.options = requireNonNull(options, "options");
    }

    @Override
    public HealthMonitor create(MonitorSpec spec) {
        return Monitors.of(spec.name(), spec.config(), spec.target().url(), probeFor(spec), options);
    }

    private Probe probeFor(MonitorSpec spec) {
        Target target = spec.target();
        HealthCheckConfig config = spec.config();
        try {
            Probe direct = probes.probeFor(spec.name(), target, config);
            if (target.agent() != null) {
                return AgentProbe.create(target.agent(), config, agents);
            }
            if (target.docker() != null) {
                return DockerProbe.create(target.docker(), config, direct);
            }
            return direct;
        }
        catch (InvalidConfigException e) {
            throw e.monitor() == null ? e.forMonitor(spec.name()) : e;
        }
    }
}
