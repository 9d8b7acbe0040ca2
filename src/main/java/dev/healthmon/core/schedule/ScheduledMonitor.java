package dev.healthmon.core.schedule;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.healthmon.core.machine.HealthReducer;
import dev.healthmon.core.machine.NotificationGate;
import dev.healthmon.core.model.Cause;
import dev.healthmon.core.model.Durations;
import dev.healthmon.core.model.Effect;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.Holds;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.model.MonitorState;
import dev.healthmon.core.model.Observation;
import dev.healthmon.core.model.Outcome;
import dev.healthmon.core.model.Redaction;
import dev.healthmon.core.model.Transition;
import dev.healthmon.core.probe.Probe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A {@link HealthMonitor} driven by a {@link MonitorLoop}: it subscribes to the loop, keeps the latest state for
 * the accessors, logs at the boundary and turns transitions into events.
 */
final class ScheduledMonitor implements HealthMonitor {

    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

    private final String name;
    private final HealthCheckConfig config;
    private final MonitorOptions options;
    private final MonitorLoop checks;
    private final AtomicReference<URI> url;
    private final AtomicReference<MonitorState> state;
    // this monitor's own stream, created when it is first asked for: a sink and its queue are some kilobytes, which
    // 10,000 monitors feeding the registry's stream alone need not hold
    private volatile @Nullable EventSink events;
    private final Object lifecycle = new Object();

    // the registry's stream, fed directly: one serialising hop per event instead of two
    private volatile @Nullable EventSink forward;
    private @Nullable MonitorTask parent;
    private volatile @Nullable MonitorTask task;
    private volatile @Nullable Instant started;
    private @Nullable Disposable run;
    private volatile Supplier<Holds> holds = () -> Holds.NONE;

    ScheduledMonitor(String name, HealthCheckConfig config, URI url, Probe probe, MonitorOptions options) {
        this.name = requireNonNull(name, "name");
        this.config = requireNonNull(config, "config");
        this.url = new AtomicReference<>(requireNonNull(url, "url"));
        this.options = requireNonNull(options, "options");
        this.state = new AtomicReference<>(MonitorState.unknown(name));
        this.checks = MonitorLoop.create(name, this.url::get, probe, config, options.scheduler());
    }

    @Override
    public void resume(MonitorTask parentTask, MonitorState earlier) {
        requireNonNull(parentTask, "parent");
        requireNonNull(earlier, "earlier");
        synchronized (lifecycle) {
            if (parent != null) {
                throw new IllegalStateException("monitor '" + name + "' was started already");
            }
            parent = parentTask;
            launch(parentTask, earlier.withName(name).resumed(), options.firstCheck().apply(config.interval()));
        }
    }

    @Override
    public void takeOver(MonitorTask parentTask, MonitorState previous) {
        requireNonNull(parentTask, "parent");
        requireNonNull(previous, "previous");
        synchronized (lifecycle) {
            if (parent != null) {
                throw new IllegalStateException("monitor '" + name + "' was started already");
            }
            parent = parentTask;
            // a replacement is one monitor on its own: its first check runs at once
            launch(parentTask, previous.withName(name).carried(), Duration.ZERO);
        }
    }

    @Override
    public void restart() {
        synchronized (lifecycle) {
            MonitorTask parentTask = parent;
            if (parentTask == null) {
                throw new IllegalStateException("monitor '" + name + "' was never started");
            }
            if (parentTask.isFinished()) {
                throw new IllegalStateException("monitor '" + name + "' cannot restart: its parent '"
                        + parentTask.name() + "' has finished");
            }
            stopQuietly();
            log.info("[{}] monitor restarted", name);
            // a restart is one monitor on its own: its first check runs at once
            launch(parentTask, state.get().restarted(), Duration.ZERO);
        }
    }

    @Override
    public void finish(@Nullable Object reason) {
        MonitorTask current = task;
        if (current != null) {
            current.finish(reason);
        }
    }

    // runs under the lifecycle lock
    private void launch(MonitorTask parentTask, MonitorState initial, Duration firstDelay) {
        MonitorTask runTask = parentTask.subtask(name);
        task = runTask;
        started = now();
        apply(Transition.of(new Cause.Started(), state.get(), initial));
        MonitorLoop loop = checks
                .withJitterDelay(options.jitter().apply(config.jitter()))
                .withFirstCheckDelay(firstDelay)
                .startingFrom(initial)
                .until(runTask.whenFinished())
                .gatedBy(transition -> NotificationGate.gate(transition, holds.get()));
        run = loop.transitions().subscribe(this::apply, this::crashed);
    }

    /** Sets where this monitor learns what holds its downs: its registry, which knows windows and parents. */
    void holdBy(Supplier<Holds> source) {
        this.holds = requireNonNull(source, "source");
    }

    /** Returns what holds this monitor's downs now. */
    Holds holds() {
        return holds.get();
    }

    // runs under the lifecycle lock: cancels the run without a transition to stopped
    private void stopQuietly() {
        Disposable current = run;
        if (current != null) {
            current.dispose();
        }
        MonitorTask currentTask = task;
        if (currentTask != null) {
            currentTask.finish("restart");
        }
    }

    private void apply(Transition transition) {
        MonitorState next = transition.state();
        MonitorState previous = transition.previous();
        state.set(next);
        Instant at = now();
        if (transition.cause() instanceof Cause.Checked checked) {
            Observation observation = checked.observation();
            if (observation.outcome() instanceof Outcome.Error error) {
                log.error("[{}] health check error: {}", name, error.reason());
            }
            if (wantsChecks()) {
                emit(new MonitorEvent.Checked(name, observation.outcome().kind(), next.status(),
                        observation.outcome().detail(), observation.outcome().latency(), observation.at()));
            }
            at = observation.at();
        }
        if (transition.statusChanged()) {
            emit(new MonitorEvent.StatusChanged(name, next.status(), previous.status(), next.detail(),
                    next.latency(), next.lastSeen(), at, next.consecutiveFailures()));
        }
        for (Effect effect : transition.effects()) {
            handle(effect, previous, next);
        }
    }

    /**
     * Sends every event of this monitor to {@code sink} as well, until {@link #stopForwarding()}: how the registry
     * merges its monitors' events without a subscription, and a queue, per monitor.
     */
    void forwardTo(EventSink sink) {
        forward = requireNonNull(sink, "sink");
    }

    /** Stops sending events to the sink given to {@link #forwardTo}. */
    void stopForwarding() {
        forward = null;
    }

    // a check result is built only when someone listens to check results: the registry's every-event stream, or
    // this monitor's own stream
    private boolean wantsChecks() {
        EventSink registry = forward;
        EventSink own = events;
        return registry != null && registry.wantsChecks() || own != null && own.hasSubscribers();
    }

    private void emit(MonitorEvent event) {
        EventSink registry = forward;
        if (registry != null) {
            registry.emit(event);
        }
        EventSink own = events;
        if (own != null && own.hasSubscribers()) {
            own.emit(event);
        }
    }

    // the up ends the outage its down opened; a state from before outages were kept names the up's own time
    private static Instant outageOf(MonitorState previous, Effect.NotifyUp up) {
        Instant start = previous.outageStart();
        return start != null ? start : up.at();
    }

    // the one place where every effect is carried out, a stop included, whatever caused it
    private void handle(Effect effect, MonitorState previous, MonitorState next) {
        if (effect instanceof Effect.NotifyDown down) {
            log.warn("[{}] service went down: {}", name, down.detail());
            emit(new MonitorEvent.Notification(name, MonitorEvent.Notification.Kind.DOWN,
                    Redaction.url(down.url()), down.detail(), down.at(), down.lastSeen(), next.latency(), down.at()));
        }
        else if (effect instanceof Effect.NotifyUp up) {
            log.info("[{}] service is up ({} ms)", name, up.latency().toMillis());
            emit(new MonitorEvent.Notification(name, MonitorEvent.Notification.Kind.UP,
                    Redaction.url(up.url()), up.detail(), up.at(), next.lastSeen(), up.latency(),
                    outageOf(previous, up)));
        }
        else if (effect instanceof Effect.NotifyDegraded degraded) {
            log.warn("[{}] service is slow ({} ms)", name, degraded.latency().toMillis());
            emit(new MonitorEvent.Notification(name, MonitorEvent.Notification.Kind.DEGRADED,
                    Redaction.url(degraded.url()), degraded.detail(), degraded.at(), next.lastSeen(), degraded.latency()));
        }
        else if (effect instanceof Effect.NotifyRecovered recovered) {
            log.info("[{}] service is fast again ({} ms)", name, recovered.latency().toMillis());
            emit(new MonitorEvent.Notification(name, MonitorEvent.Notification.Kind.RECOVERED,
                    Redaction.url(recovered.url()), recovered.detail(), recovered.at(), next.lastSeen(),
                    recovered.latency()));
        }
        else if (effect instanceof Effect.NotifyCertificate certificate) {
            String detail = certificateDetail(certificate);
            log.warn("[{}] {}", name, detail);
            emit(new MonitorEvent.Notification(name, MonitorEvent.Notification.Kind.CERTIFICATE,
                    Redaction.url(certificate.url()), detail, certificate.at(), next.lastSeen(), next.latency()));
        }
        else if (effect instanceof Effect.Backoff backoff) {
            log.warn("[{}] {} errors in a row: checking again in {}", name, next.consecutiveErrors(),
                    Durations.format(backoff.delay()));
        }
        else if (effect instanceof Effect.Stop stop) {
            log.error("[{}] monitor {}", name, stop.reason());
            emit(new MonitorEvent.Lifecycle(name, MonitorEvent.Lifecycle.Action.STOPPED, stop.reason(),
                    now()));
            MonitorTask current = task;
            if (current != null) {
                current.finish(stop.reason());
            }
        }
    }

    // such as "certificate expires in 20 days, on 2027-01-01 (threshold 21d)"
    private static String certificateDetail(Effect.NotifyCertificate certificate) {
        Duration left = Duration.between(certificate.at(), certificate.expiry());
        String when = left.isNegative() ? "certificate expired " + left.negated().toDays() + " days ago"
                : "certificate expires in " + left.toDays() + (left.toDays() == 1 ? " day" : " days");
        return when + ", on " + certificate.expiry().toString().substring(0, 10) + " (threshold "
                + Durations.format(certificate.threshold()) + ")";
    }

    // the loop turns every failure into data, so reaching here is a bug: say so loudly and stop
    private void crashed(Throwable error) {
        log.error("[{}] monitor loop failed", name, error);
        apply(HealthReducer.crash(state.get(), error.toString()));
    }

    @Override
    public @Nullable MonitorTask task() {
        return task;
    }

    @Override
    public void updateUrl(@Nullable URI newUrl) {
        if (newUrl == null) {
            log.warn("[{}] attempting to update health monitor URL with null; keeping {}", name,
                    Redaction.url(url.get()));
            return;
        }
        url.set(newUrl);
    }

    @Override
    public URI url() {
        return url.get();
    }

    @Override
    public HealthCheckConfig config() {
        return config;
    }

    @Override
    public HealthStatus status() {
        return state.get().status();
    }

    @Override
    public Duration uptime() {
        Instant since = started;
        return since == null ? Duration.ZERO : Duration.between(since, now());
    }

    @Override
    public Duration latency() {
        return state.get().latency();
    }

    @Override
    public String detail() {
        return state.get().detail();
    }

    @Override
    public @Nullable Instant lastSeen() {
        return state.get().lastSeen();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MonitorState state() {
        return state.get();
    }

    @Override
    public MonitorSnapshot snapshot() {
        MonitorState current = state.get();
        Instant since = started;
        Instant at = now();
        String held = current.alerts().holdsDown() ? current.alerts().held() : null;
        return new MonitorSnapshot(name, current.status(), since == null ? at : since,
                since == null ? Duration.ZERO : Duration.between(since, at), current.latency(), current.lastSeen(),
                current.detail(), url.get(), current.consecutiveFailures(), config, holds.get().window(), held);
    }

    @Override
    public Mono<HealthCheckResult> checkHealth() {
        // the loop's own bounded check, so that this one ends and reads exactly as a scheduled check
        return checks.checkResult();
    }

    @Override
    public Flux<MonitorEvent> events() {
        EventSink own = events;
        if (own == null) {
            synchronized (lifecycle) {
                own = events;
                if (own == null) {
                    own = new EventSink();
                    events = own;
                }
            }
        }
        return own.flux();
    }

    @Override
    public String toString() {
        return name;
    }

    private Instant now() {
        return Instant.ofEpochMilli(options.scheduler().now(TimeUnit.MILLISECONDS));
    }
}
