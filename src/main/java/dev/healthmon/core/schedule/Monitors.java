package dev.healthmon.core.schedule;

import java.net.URI;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.Target;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.core.probe.Probes;

/**
 * Creates health monitors: the seed's {@code New...Monitor} functions.
 *
 * <p>All monitors created here from a URL without a {@link Probes} of their own share one, created on first use.
 *
 * <pre>{@code
 * HealthMonitor api = Monitors.newMonitor("api", config, URI.create("http://localhost:8080"));
 * HealthMonitor db = Monitors.newMonitor("db", config, URI.create("tcp://localhost:5432"));
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

    /**
     * Returns a monitor, not started, whose probe is chosen from the scheme of {@code url}: the seed's
     * {@code NewMonitor}.
     *
     * @throws InvalidConfigException for the field {@code url}, naming the monitor, when the scheme is not
     *         supported or the URL has no host
     */
    public static HealthMonitor newMonitor(String name, HealthCheckConfig config, URI url) {
        return newMonitor(name, config, Target.of(url), MonitorOptions.defaults());
    }

    /**
     * Returns a monitor as {@link #newMonitor(String, HealthCheckConfig, URI)} that keeps time with
     * {@code options}.
     */
    public static HealthMonitor newMonitor(String name, HealthCheckConfig config, URI url, MonitorOptions options) {
        return newMonitor(name, config, Target.of(url), options);
    }

    /**
     * Returns a monitor, not started, of {@code target} whose probe is chosen by the seed's selection flow.
     *
     * @throws InvalidConfigException for the field {@code url}, naming the monitor, when the scheme is not
     *         supported or the URL has no host
     */
    public static HealthMonitor newMonitor(String name, HealthCheckConfig config, Target target) {
        return newMonitor(name, config, target, MonitorOptions.defaults());
    }

    /**
     * Returns a monitor as {@link #newMonitor(String, HealthCheckConfig, Target)} that keeps time with
     * {@code options}.
     */
    public static HealthMonitor newMonitor(String name, HealthCheckConfig config, Target target,
            MonitorOptions options) {
        return newMonitor(name, config, target, options, SharedProbes.INSTANCE);
    }

    /**
     * Returns a monitor, not started, of {@code target} whose probe {@code probes} chooses by the seed's
     * selection flow (agent, then Docker with the URL's probe as its fallback, then the URL's scheme), on the
     * clients of {@code probes}, keeping time with {@code options}: the one function every factory of monitors
     * from a URL goes through.
     *
     * @throws InvalidConfigException for the field {@code url}, naming the monitor, when the scheme is not
     *         supported or the URL has no host
     */
    public static HealthMonitor newMonitor(String name, HealthCheckConfig config, Target target,
            MonitorOptions options, Probes probes) {
        Probe probe = probes.probeFor(name, target, config);
        return of(name, config, target.url(), probe, options);
    }

    /**
     * Returns a monitor, not started, that checks an {@code http://} or {@code https://} URL: the seed's
     * {@code NewHTTPMonitor}.
     */
    public static HealthMonitor http(String name, HealthCheckConfig config, URI url) {
        return of(name, config, url, SharedProbes.INSTANCE.http(config));
    }

    /**
     * Returns a monitor, not started, that speaks HTTP/2 with prior knowledge to {@code url}: the seed's
     * {@code NewH2CMonitor}.
     */
    public static HealthMonitor h2c(String name, HealthCheckConfig config, URI url) {
        return of(name, config, url, SharedProbes.INSTANCE.h2c(config));
    }

    /**
     * Returns a monitor, not started, that checks that a {@code file:///path} exists: the seed's
     * {@code NewFileServerMonitor}.
     */
    public static HealthMonitor fileServer(String name, HealthCheckConfig config, URI url) {
        return of(name, config, url, SharedProbes.INSTANCE.file(config));
    }

    /**
     * Returns a monitor, not started, that checks a {@code tcp}, {@code tcp4}, {@code tcp6}, {@code udp},
     * {@code udp4} or {@code udp6} URL: the seed's {@code NewStreamMonitor}.
     */
    public static HealthMonitor stream(String name, HealthCheckConfig config, URI url) {
        return of(name, config, url, SharedProbes.INSTANCE.stream(config));
    }

    // created on first use, so embedders that only use custom probes never create clients
    private static final class SharedProbes {
        static final Probes INSTANCE = Probes.create();
    }
}
