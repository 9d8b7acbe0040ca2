package dev.healthmon.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.healthmon.core.machine.MaintenanceRule;
import dev.healthmon.core.model.ActiveWindow;
import dev.healthmon.core.model.Holds;
import dev.healthmon.core.model.Maintenance;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.model.MonitorState;
import dev.healthmon.core.model.Observation;
import dev.healthmon.core.model.Outcome;
import dev.healthmon.core.model.Redaction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
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
    private static final String MUTE = "mute";
    private static final String MONITOR = "monitor:";
    private static final String GROUP = "group:";

    private final MonitorTask root;
    private final Scheduler scheduler;
    private final Map<String, Entry> monitors = new ConcurrentHashMap<>();
    private final EventSink events = new EventSink();
    private final Object mutations = new Object();
    private final Object windowLock = new Object();
    private final Map<String, ActiveWindow> mutes = new ConcurrentHashMap<>();
    private final Map<String, ActiveWindow> inWindow = new ConcurrentHashMap<>();
    private final Sinks.Many<Boolean> windowsChanged = Sinks.many().replay().latest();
    private final Disposable windowWatch;
    private volatile List<Maintenance> windows = List.of();

    private MonitorRegistry(MonitorTask root, Scheduler scheduler) {
        this.root = requireNonNull(root, "root");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        windowsChanged.tryEmitNext(true);
        this.windowWatch = windowBoundaries().subscribe(null,
                error -> log.error("maintenance windows are no longer watched", error));
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
            install(monitor, earlier, "", false);
        }
        return monitor;
    }

    /**
     * Replaces the monitor of the same name with {@code monitor}, which goes on from the state of the one it
     * replaces ({@link HealthMonitor#takeOver}: its status, last-seen time, failures in a row and whether a down was
     * sent), its first check at once; or adds it when there is none.
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
            install(monitor, earlier, previous == null ? "" : "replaced", previous != null);
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
     * Sets the configured maintenance windows, replacing those set before: during one, the downs of the monitors
     * it applies to are held, and each monitor entering or leaving one is announced with a
     * {@link MonitorEvent.Maintenance} event.
     */
    public void maintenance(List<Maintenance> configured) {
        windows = List.copyOf(configured);
        windowsChanged.tryEmitNext(true);
    }

    /**
     * Opens an ad hoc maintenance window ({@code "mute"}) for the monitor {@code name} from now for {@code length},
     * replacing an earlier one.
     *
     * @return the window, or empty when there is no such monitor
     * @throws IllegalArgumentException if {@code length} is not positive
     */
    public Optional<ActiveWindow> mute(String name, Duration length) {
        if (!monitors.containsKey(name)) {
            return Optional.empty();
        }
        return Optional.of(open(MONITOR + name, length));
    }

    /**
     * Opens an ad hoc maintenance window for every monitor of {@code group}, as {@link #mute(String, Duration)}.
     *
     * @return the window, or empty when no monitor is in that group
     */
    public Optional<ActiveWindow> muteGroup(String group, Duration length) {
        boolean known = monitors.values().stream().anyMatch(entry -> group.equals(entry.monitor.config().group()));
        return known ? Optional.of(open(GROUP + group, length)) : Optional.empty();
    }

    /** Ends the ad hoc window of the monitor {@code name}; returns whether there was one. */
    public boolean unmute(String name) {
        return close(MONITOR + name);
    }

    /** Ends the ad hoc window of the group {@code group}; returns whether there was one. */
    public boolean unmuteGroup(String group) {
        return close(GROUP + group);
    }

    /**
     * Returns what holds the downs of {@code monitor} now: the window it is in, and the latest check of each
     * monitor it depends on (those not in the registry are left out).
     */
    public Holds holds(HealthMonitor monitor) {
        // asked at every check: most monitors have no window and no parent, and cost nothing here
        if (windows.isEmpty() && mutes.isEmpty() && monitor.config().dependsOn().isEmpty()) {
            return Holds.NONE;
        }
        Instant now = now();
        List<Holds.Parent> parents = new ArrayList<>();
        for (String parentName : monitor.config().dependsOn()) {
            Entry parent = monitors.get(parentName);
            if (parent != null) {
                Observation last = parent.monitor.state().lastObservation();
                parents.add(new Holds.Parent(parentName, last == null ? null : last.at(),
                        last != null && !(last.outcome() instanceof Outcome.Pass)));
            }
        }
        return new Holds(windowOf(monitor, now), parents);
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
            windowWatch.dispose();
            monitors.values().forEach(entry -> entry.forwarding.dispose());
            monitors.clear();
            events.complete();
        }
    }

    @Override
    public boolean isDisposed() {
        return root.isFinished();
    }

    private ActiveWindow open(String key, Duration length) {
        if (length.isZero() || length.isNegative()) {
            throw new IllegalArgumentException("for: " + length + " (expected: > 0)");
        }
        Instant now = now();
        ActiveWindow window = new ActiveWindow(MUTE, now, now.plus(length));
        mutes.put(key, window);
        windowsChanged.tryEmitNext(true);
        return window;
    }

    private boolean close(String key) {
        boolean closed = mutes.remove(key) != null;
        if (closed) {
            windowsChanged.tryEmitNext(true);
        }
        return closed;
    }

    private @Nullable ActiveWindow windowOf(HealthMonitor monitor, Instant now) {
        String group = monitor.config().group();
        List<ActiveWindow> own = new ArrayList<>(2);
        ActiveWindow mute = mutes.get(MONITOR + monitor.name());
        if (mute != null) {
            own.add(mute);
        }
        ActiveWindow groupMute = group == null ? null : mutes.get(GROUP + group);
        if (groupMute != null) {
            own.add(groupMute);
        }
        return MaintenanceRule.activeFor(windows, own, monitor.name(), group, now);
    }

    // at each opening or closing of a window, and whenever windows change: announce who entered or left one
    private Flux<Long> windowBoundaries() {
        return windowsChanged.asFlux()
                .switchMap(changed -> Mono.defer(() -> {
                    Instant now = now();
                    announceWindows(now);
                    Instant next = MaintenanceRule.nextChange(windows, mutes.values(), now);
                    return next == null ? Mono.<Long>never()
                            : Mono.delay(Duration.between(now, next), scheduler);
                }).repeat());
    }

    private void announceWindows(Instant now) {
        synchronized (windowLock) {
            mutes.values().removeIf(mute -> !mute.until().isAfter(now));
            for (Entry entry : monitors.values()) {
                announceWindow(entry.monitor, now);
            }
            inWindow.keySet().removeIf(name -> !monitors.containsKey(name));
        }
    }

    // runs under the window lock
    private void announceWindow(HealthMonitor monitor, Instant now) {
        String name = monitor.name();
        ActiveWindow was = inWindow.get(name);
        ActiveWindow is = windowOf(monitor, now);
        if (is != null && is.equals(was)) {
            return;
        }
        if (was != null) {
            inWindow.remove(name);
            Instant end = now.isBefore(was.until()) ? now : was.until();
            events.emit(new MonitorEvent.Maintenance(name, was.name(), was.from(), end, false, now));
        }
        if (is != null) {
            inWindow.put(name, is);
            Instant from = is.from().isBefore(now) ? now : is.from();
            events.emit(new MonitorEvent.Maintenance(name, is.name(), from, is.until(), true, now));
        }
    }

    // runs under the mutations lock
    private void install(HealthMonitor monitor, MonitorState earlier, String reason, boolean takesOver) {
        // forward before start, so the first check's events are not missed
        Disposable forwarding = forward(monitor);
        monitors.put(monitor.name(), new Entry(monitor, forwarding));
        events.emit(new MonitorEvent.Lifecycle(monitor.name(), MonitorEvent.Lifecycle.Action.ADDED, reason, now()));
        log.info("[{}] monitor added: {}", monitor.name(), Redaction.url(monitor.url()));
        if (monitor instanceof ScheduledMonitor scheduled) {
            scheduled.holdBy(() -> holds(monitor));
        }
        synchronized (windowLock) {
            announceWindow(monitor, now());
        }
        try {
            if (takesOver) {
                monitor.takeOver(root, earlier);
            }
            else {
                monitor.resume(root, earlier);
            }
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
