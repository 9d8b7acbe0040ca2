package dev.healthmon.core.probe.docker;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

import dev.healthmon.core.model.Durations;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.Target;
import dev.healthmon.core.probe.Latency;
import dev.healthmon.core.probe.Probe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Checks a container through the Docker Engine API ({@code GET /containers/{id}/json}): the seed's Docker health
 * monitor.
 *
 * <ul>
 *   <li>running and its health check {@code healthy}: a pass, with the last health log's output;</li>
 *   <li>{@code exited}, {@code dead}, {@code paused}, {@code restarting}, {@code removing}: a fail,
 *       "container is exited"; {@code created}: a fail, "container is not started";</li>
 *   <li>health {@code unhealthy} or {@code starting}: a fail with the last health log's output; final, no
 *       fallback;</li>
 *   <li>no such container: a fail, "no such container: web";</li>
 *   <li>running without a health check, or the daemon not reachable (or not answering within half the timeout):
 *       the fallback probe checks the monitor's URL, and Docker is asked again at the next check. Without a
 *       fallback, a running container without a health check passes ("container is running (no health
 *       check)") and an unreachable daemon is a check error ({@link DockerDaemonException}).</li>
 * </ul>
 *
 * <p>The daemon's deadline is not a check timeout, which the monitor's loop owns, but part of what the probe
 * means: a daemon too slow to tell is a daemon that cannot tell, and the fallback must still have half of the
 * check's time to run. It is timed on the scheduler the probe is given.
 *
 * <pre>{@code
 * Probe probe = DockerProbe.create(new Target.DockerTarget("web", null), config, httpProbe);
 * }</pre>
 */
public final class DockerProbe implements Probe {

    private static final Logger log = LoggerFactory.getLogger(DockerProbe.class);

    private final String container;
    private final DockerClient client;
    private final @Nullable Probe fallback;
    private final Duration daemonTimeout;
    private final Scheduler scheduler;

    private DockerProbe(String container, DockerClient client, @Nullable Probe fallback, Duration daemonTimeout,
            Scheduler scheduler) {
        this.container = container;
        this.client = client;
        this.fallback = fallback;
        this.daemonTimeout = daemonTimeout;
        this.scheduler = scheduler;
    }

    /**
     * Returns a probe of {@code docker.container()} asked through {@code client} (whose daemon wins over
     * {@code docker.host()}), falling back to {@code fallback} (the monitor's own URL probe) when Docker cannot
     * tell; the daemon gets half of {@code config.timeout()}, timed on {@code scheduler}, to answer, so the
     * fallback still has time.
     */
    public static DockerProbe create(Target.DockerTarget docker, HealthCheckConfig config, @Nullable Probe fallback,
            DockerClient client, Scheduler scheduler) {
        requireNonNull(docker, "docker");
        requireNonNull(config, "config");
        requireNonNull(client, "client");
        requireNonNull(scheduler, "scheduler");
        return new DockerProbe(docker.container(), client, fallback, config.timeout().dividedBy(2), scheduler);
    }

    /**
     * Returns a cold {@code Mono} that asks the daemon about the container once and emits the result as described
     * above, on the client's event loop (or the fallback's thread). It signals a {@link DockerDaemonException}
     * only when the daemon cannot tell and there is no fallback; the fallback's own signals pass through.
     * {@code url} is the monitor's URL, the one the fallback checks.
     */
    @Override
    public Mono<HealthCheckResult> check(URI url) {
        requireNonNull(url, "url");
        return Mono.defer(() -> {
            long start = Latency.start();
            return client.inspect(container)
                    .timeout(daemonTimeout, Mono.error(() -> new DockerDaemonException("docker daemon "
                            + client.host() + " did not answer within " + Durations.format(daemonTimeout))),
                            scheduler)
                    // the next step is a Mono of its own, so that only the daemon's failures lead to the fallback
                    .map(inspection -> judge(inspection, url, Latency.since(start)))
                    .onErrorResume(DockerDaemonException.class, e -> Mono.just(unreachable(e, url)))
                    .flatMap(Function.identity());
        });
    }

    @Override
    public String toString() {
        return "DockerProbe[" + container + " on " + client.host() + "]";
    }

    private Mono<HealthCheckResult> judge(DockerInspection inspection, URI url, Duration latency) {
        if (inspection instanceof DockerInspection.Missing missing) {
            return Mono.just(HealthCheckResult.unhealthy(lowerFirst(missing.message()), latency));
        }
        DockerInspection.Found found = (DockerInspection.Found) inspection;
        if (!found.status().equals("running")) {
            String detail = found.status().equals("created")
                    ? "container is not started"
                    : "container is " + found.status();
            return Mono.just(HealthCheckResult.unhealthy(detail, latency));
        }
        DockerInspection.Health health = found.health();
        if (health == null || health.status().equals("none")) {
            return fallback != null
                    ? Mono.defer(() -> fallback.check(url))
                    : Mono.just(HealthCheckResult.healthy(latency, "container is running (no health check)"));
        }
        Duration took = health.lastDuration() != null ? health.lastDuration() : latency;
        if (health.status().equals("healthy")) {
            return Mono.just(HealthCheckResult.healthy(took, health.lastOutput()));
        }
        String detail = health.lastOutput().isEmpty() ? "container is " + health.status() : health.lastOutput();
        return Mono.just(HealthCheckResult.unhealthy(detail, took));
    }

    private Mono<HealthCheckResult> unreachable(DockerDaemonException e, URI url) {
        if (fallback == null) {
            return Mono.error(e);
        }
        log.debug("container {}: {}; checking {} instead", container, e.getMessage(), url);
        return Mono.defer(() -> fallback.check(url));
    }

    private static String lowerFirst(String message) {
        return message.isEmpty()
                ? "no such container"
                : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}
