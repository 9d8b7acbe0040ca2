package dev.healthmon.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.model.MonitorState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Owns monitors by unique name, starts them under one root task, and merges their events into one hot stream.
 *
 * <pre>{@code
 * MonitorRegistry registry = MonitorRegistry.create();
 * registry.events().subscribe(event -> ...);     // every event of every monitor, added and removed included
 * registry.add(Monitors.of("api", config, url, probe));
 * registry.snapshot();                            // every monitor's state, by name
 * registry.dispose();                             // stops them all
 * }</pre>
 */
public final class MonitorRegistry implements Disposable {

    private static final Logger log = LoggerFactory.getLogger(MonitorRegistry.class);

    private final MonitorTask root;
    private final Scheduler scheduler;
    private final Map<String, Entry> monitors = new ConcurrentHashMap<>();
    private final EventSink events = new EventSink();
    private final Object mutations = new Object();

    private MonitorRegistry(MonitorTask root, Scheduler scheduler) {
        this.root = requireNonNull(root, "root");
        this.scheduler = requireNonNull(scheduler, "scheduler");
    }

    /** Returns an empty registry whose monitors run under a root task named {@code "healthmon"}. */
    public static MonitorRegistry create() {
        return create(MonitorTask.root("healthmon"), Schedulers.parallel());
    }

    /** Returns an empty registry whose monitors run under {@code root} and whose events are timed by {@code scheduler}. */
    public static MonitorRegistry create(MonitorTask root, Scheduler scheduler) {
        return new MonitorRegistry(root, scheduler);
    }

    /**
     * Adds {@code monitor} and starts it.
     *
     * @return the monitor
     * @throws IllegalArgumentException if a monitor has that name already
     * @throws IllegalStateException if the registry was disposed
     */
    public HealthMonitor add(HealthMonitor monitor) {
        requireNonNull(monitor, "monitor");
        return add(monitor, MonitorState.unknown(monitor.name()));
    }

    /**
     * Adds {@code monitor} and starts it from what an earlier run of it knew, such as the state a store kept across
     * a restart of the service ({@link HealthMonitor#resume}).
     *
     * @return the monitor
     * @throws IllegalArgumentException if a monitor has that name already
     * @throws IllegalStateException if the registry was disposed
     */
    public HealthMonitor add(HealthMonitor monitor, MonitorState earlier) {
        requireNonNull(monitor, "monitor");
        requireNonNull(earlier, "earlier");
        synchronized (mutations) {
            checkOpen();
            if (monitors.containsKey(monitor.name())) {
                throw new IllegalArgumentException("monitor '" + monitor.name() + "' already exists");
            }
            install(monitor, earlier, "");
        }
        return monitor;
    }

    /**
     * Replaces the monitor of the same name with {@code monitor}, which resumes from the state of the one it
     * replaces (its last-seen time, failures in a row and whether a down was sent), or adds it when there is none.
     *
     * @return the monitor
     */
    public HealthMonitor replace(HealthMonitor monitor) {
        requireNonNull(monitor, "monitor");
        synchronized (mutations) {
            checkOpen();
            Entry previous = monitors.get(monitor.name());
            MonitorState earlier = MonitorState.unknown(monitor.name());
            if (previous != null) {
                earlier = previous.monitor.state();
                uninstall(previous, "replaced");
            }
            install(monitor, earlier, previous == null ? "" : "replaced");
        }
        return monitor;
    }

    /**
     * Removes and finishes the monitor named {@code name}.
     *
     * @return whether there was one
     */
    public boolean remove(String name) {
        synchronized (mutations) {
            Entry entry = monitors.get(name);
            if (entry == null) {
                return false;
            }
            uninstall(entry, "removed");
            return true;
        }
    }

    /** Returns the monitor named {@code name}, if any. */
    public Optional<HealthMonitor> get(String name) {
        Entry entry = monitors.get(name);
        return entry == null ? Optional.empty() : Optional.of(entry.monitor);
    }

    /** Returns the monitors, ordered by name. */
    public List<HealthMonitor> monitors() {
        return monitors.values().stream()
                .map(entry -> entry.monitor)
                .sorted(Comparator.comparing(HealthMonitor::name))
                .toList();
    }

    /** Returns a view of every monitor now, ordered by name. */
    public List<MonitorSnapshot> snapshot() {
        return monitors().stream().map(HealthMonitor::snapshot).toList();
    }

    /**
     * Returns the hot stream of every event of every monitor, check results included, plus {@code added} and
     * {@code removed}; it completes when the registry is disposed. Events are delivered one at a time, on the
     * thread of a monitor that emits, to this stream and to {@link #changes()} in one order. As with {@link HealthMonitor#events()}, a subscriber receives
     * what it has demand for, so one that may lag should request unbounded and buffer by itself.
     */
    public Flux<MonitorEvent> events() {
        return events.flux();
    }

    /**
     * Returns the hot stream of the changes of every monitor: the events of {@link #events()} except check results
     * ({@link MonitorEvent.Checked}), in the same order. Subscribers of this stream alone cost the checks nothing:
     * check results are built only while someone subscribes to {@link #events()}. It completes when the registry
     * is disposed.
     */
    public Flux<MonitorEvent> changes() {
        return events.changes();
    }

    /** Returns the root task of the monitors. */
    public MonitorTask task() {
        return root;
    }

    /** Finishes every monitor and completes the event stream. */
    @Override
    public void dispose() {
        synchronized (mutations) {
            if (root.isFinished()) {
                return;
            }
            root.finish("shutdown");
            monitors.values().forEach(entry -> entry.forwarding.dispose());
            monitors.clear();
            events.complete();
        }
    }

    @Override
    public boolean isDisposed() {
        return root.isFinished();
    }

    // runs under the mutations lock
    private void install(HealthMonitor monitor, MonitorState earlier, String reason) {
        // forward before start, so the first check's events are not missed
        Disposable forwarding = forward(monitor);
        monitors.put(monitor.name(), new Entry(monitor, forwarding));
        events.emit(new MonitorEvent.Lifecycle(monitor.name(), MonitorEvent.Lifecycle.Action.ADDED, reason, now()));
        log.info("[{}] monitor added: {}", monitor.name(), monitor.url());
        try {
            monitor.resume(root, earlier);
        }
        catch (RuntimeException e) {
            monitors.remove(monitor.name());
            forwarding.dispose();
            throw e;
        }
    }

    // runs under the mutations lock
    private void uninstall(Entry entry, String reason) {
        String name = entry.monitor.name();
        monitors.remove(name);
        entry.monitor.finish(reason);
        entry.forwarding.dispose();
        events.emit(new MonitorEvent.Lifecycle(name, MonitorEvent.Lifecycle.Action.REMOVED, reason, now()));
        log.info("[{}] monitor {}", name, reason);
    }

    // a monitor of this package feeds the registry's stream directly; any other is subscribed to
    private Disposable forward(HealthMonitor monitor) {
        if (monitor instanceof ScheduledMonitor scheduled) {
            scheduled.forwardTo(events);
            return scheduled::stopForwarding;
        }
        return monitor.events().subscribe(events::emit);
    }

    private void checkOpen() {
        if (root.isFinished()) {
            throw new IllegalStateException("the registry was disposed");
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
    }

    private record Entry(HealthMonitor monitor, Disposable forwarding) {
    }
}
