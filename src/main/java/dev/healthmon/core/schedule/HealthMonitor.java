package dev.healthmon.core.schedule;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.model.MonitorState;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Watches one target on an interval: the seed's {@code HealthMonitor}, with every one of its methods.
 *
 * <pre>{@code
 * HealthMonitor monitor = Monitors.of("api", config, URI.create("http://localhost:8080"), probe);
 * monitor.events().subscribe(event -> log.info("{}", event));   // subscribe first: the stream is hot
 * monitor.start(MonitorTask.root("routes"));
 * monitor.status();                                              // STARTING, then HEALTHY ...
 * monitor.finish("shutdown");                                    // STOPPED
 * }</pre>
 */
public interface HealthMonitor {

    /**
     * Starts checking under a subtask of {@code parent}: the first check runs at once. Finishing the parent
     * finishes the monitor.
     *
     * @throws IllegalStateException if the monitor was started already
     */
    default void start(MonitorTask parent) {
        start(parent, null);
    }

    /**
     * Starts checking, as {@link #start(MonitorTask)}, remembering that the target was last seen at
     * {@code lastSeen}: how a monitor that replaces another keeps its name's last-seen time.
     *
     * @throws IllegalStateException if the monitor was started already
     */
    default void start(MonitorTask parent, @Nullable Instant lastSeen) {
        resume(parent, MonitorState.unknown(name()).withLastSeen(lastSeen));
    }

    /**
     * Starts checking, as {@link #start(MonitorTask)}, from what an earlier run of this monitor knew
     * ({@link MonitorState#resumed()}): the last seen time, the failures in a row and whether a down was sent, so
     * that a restart in the middle of an outage sends no second down and sends the up when the target recovers.
     *
     * @throws IllegalStateException if the monitor was started already
     */
    void resume(MonitorTask parent, MonitorState earlier);

    /**
     * Starts checking in place of the monitor of the same name whose state was {@code previous}, as a registry's
     * replace does: from {@link MonitorState#carried()}, keeping its status as well as what
     * {@link #resume(MonitorTask, MonitorState)} keeps. By default, as {@code resume}.
     *
     * @throws IllegalStateException if the monitor was started already
     */
    default void takeOver(MonitorTask parent, MonitorState previous) {
        resume(parent, previous);
    }

    /**
     * Starts checking again under the same parent, from {@code starting} with cleared counters, whether the
     * monitor runs, was finished or stopped itself after too many errors: the way out of the seed's "manual
     * restart required". The last-seen time is kept.
     *
     * @throws IllegalStateException if the monitor was never started, or its parent has finished
     */
    void restart();

    /** Returns the task the monitor runs in, or {@code null} before {@link #start}. */
    @Nullable MonitorTask task();

    /** Stops checking at once, cancelling a running check; the status becomes {@code stopped}. */
    void finish(@Nullable Object reason);

    /** Checks {@code url} from the next check on; a {@code null} URL is ignored with a warning. */
    void updateUrl(@Nullable URI url);

    /** Returns the URL being checked. */
    URI url();

    /** Returns the effective configuration. */
    HealthCheckConfig config();

    /** Returns the current status. */
    HealthStatus status();

    /** Returns how long the monitor has been running; zero before it starts. */
    Duration uptime();

    /** Returns the latency of the last check. */
    Duration latency();

    /** Returns what the last check saw. */
    String detail();

    /** Returns when the target last passed a check, or {@code null} if never. */
    @Nullable Instant lastSeen();

    /** Returns the monitor's name. */
    String name();

    /** Returns the reducer's current state. */
    MonitorState state();

    /** Returns a consistent view of the monitor now. */
    MonitorSnapshot snapshot();

    /**
     * Returns a cold {@code Mono} that checks the target once, outside the schedule, exactly as a scheduled check
     * is bounded ({@link MonitorLoop#check}): it emits the result (unhealthy with "timeout after ..." when out of
     * time, on the monitor's scheduler) or the error of a check that could not be performed. It does not change
     * the monitor's state.
     */
    Mono<HealthCheckResult> checkHealth();

    /**
     * Returns the hot stream of this monitor's events: status changes, check results, notifications and
     * lifecycle. It never completes or errors. Events are delivered on the threads where checks complete, to
     * each subscriber that has demand; a subscriber that requests less than everything misses events, so
     * consumers that may lag should request unbounded and buffer by themselves.
     */
    Flux<MonitorEvent> events();

    /** Returns the name, as the seed's {@code String()}. */
    @Override
    String toString();
}
