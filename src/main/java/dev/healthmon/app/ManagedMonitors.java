package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.healthmon.config.ConfigDiff;
import dev.healthmon.config.MonitorSpec;
import dev.healthmon.config.MonitorSpecReader;
import dev.healthmon.core.machine.Dependencies;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.model.MonitorState;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.web.MonitorCommands;
import dev.healthmon.web.MonitorConflictException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's monitors: those of the config file, created (and so validated) when this is built, started by
 * {@link #startAll()} and changed by a {@link #reload reload} of the file, and those the management API adds,
 * replaces, removes and restarts, all validated the same way. Both share one name space: the API may restart a
 * monitor of the file but not replace or remove it, and a reload may not take the name of a monitor of the API. It
 * remembers each monitor's spec, for the routes of its notifications.
 */
public final class ManagedMonitors implements MonitorCommands {

    private static final Logger log = LoggerFactory.getLogger(ManagedMonitors.class);
    private static final Class<?> UNMODIFIABLE = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

    private final MonitorRegistry registry;
    private final MonitorFactory factory;
    private final Map<String, MonitorSpec> specs = new ConcurrentHashMap<>();
    // each monitor as written, for an edit that keeps what it does not change (docker, agent, notify, ...)
    private final Map<String, Map<String, Object>> written = new ConcurrentHashMap<>();
    private final List<HealthMonitor> configured;
    private final @Nullable ServiceHistory history;
    private final int maxMonitors;
    private final Object mutations = new Object();
    // guarded by mutations: the monitors of the file in its order, and those of the API as they were written
    private final Map<String, MonitorSpec> fileSpecs = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> apiWritten = new LinkedHashMap<>();
    private volatile MonitorSpecReader reader;
    private volatile String file = "the configuration";
    private boolean started;

    private ManagedMonitors(MonitorRegistry registry, MonitorFactory factory, MonitorSpecReader reader,
            List<HealthMonitor> configured, @Nullable ServiceHistory history, int maxMonitors) {
        this.registry = registry;
        this.factory = factory;
        this.reader = reader;
        this.configured = configured;
        this.history = history;
        this.maxMonitors = maxMonitors;
    }

    /**
     * Returns the monitors of {@code configured}, as written in {@code healthmon.monitors}, created and not
     * started; with a {@code history}, the monitors created through the API are saved in it.
     *
     * @throws InvalidConfigException naming the first invalid monitor and field
     */
    public static ManagedMonitors create(MonitorRegistry registry, MonitorFactory factory, MonitorSpecReader reader,
            List<? extends Map<String, ?>> configured, @Nullable ServiceHistory history) {
        return create(registry, factory, reader, configured, history, Integer.MAX_VALUE);
    }

    /**
     * Returns the monitors as {@link #create(MonitorRegistry, MonitorFactory, MonitorSpecReader, List,
     * ServiceHistory)} does, of which at most {@code maxMonitors} may run ({@code healthmon.limits.maxMonitors}).
     *
     * @throws InvalidConfigException naming the first invalid monitor and field, or {@code limits.maxMonitors}
     *         when the config file has more monitors than that
     */
    public static ManagedMonitors create(MonitorRegistry registry, MonitorFactory factory, MonitorSpecReader reader,
            List<? extends Map<String, ?>> configured, @Nullable ServiceHistory history, int maxMonitors) {
        requireNonNull(registry, "registry");
        requireNonNull(factory, "factory");
        requireNonNull(reader, "reader");
        if (configured.size() > maxMonitors) {
            throw new InvalidConfigException("limits.maxMonitors", configured.size() + " monitors in "
                    + "healthmon.monitors, more than the " + maxMonitors + " that may run (raise "
                    + "healthmon.limits.maxMonitors or remove some)");
        }
        List<MonitorSpec> specs = reader.readAll(configured);
        Map<String, List<String>> graph = new LinkedHashMap<>();
        specs.forEach(spec -> graph.put(spec.name(), spec.config().dependsOn()));
        Dependencies.check(graph);
        List<HealthMonitor> monitors = new ArrayList<>();
        for (MonitorSpec spec : specs) {
            monitors.add(build(factory, spec));
        }
        ManagedMonitors managed = new ManagedMonitors(registry, factory, reader, List.copyOf(monitors), history,
                maxMonitors);
        specs.forEach(spec -> {
            managed.specs.put(spec.name(), spec);
            managed.fileSpecs.put(spec.name(), spec);
        });
        for (int i = 0; i < specs.size(); i++) {
            managed.written.put(specs.get(i).name(), named(specs.get(i).name(), configured.get(i)));
        }
        return managed;
    }

    /**
     * Returns these monitors naming {@code where} (such as {@code config/application.yml}) as the place the
     * monitors of the file are defined, in the API's answers.
     */
    public ManagedMonitors definedIn(String where) {
        this.file = requireNonNull(where, "where");
        return this;
    }

    /** Adds the monitors of the config file to the registry, which starts them. */
    public void startAll() {
        startAll(Map.of(), Map.of());
    }

    /**
     * Adds the monitors of the config file, then the monitors created through the API before a restart
     * ({@code saved}, settings as written, by name), to the registry, which starts each from what its earlier run
     * knew ({@code earlier}, by name). A saved monitor whose name the config file now uses, or whose settings are
     * no longer valid, is left out and logged.
     */
    public void startAll(Map<String, MonitorState> earlier, Map<String, Map<String, Object>> saved) {
        synchronized (mutations) {
            started = true;
            for (HealthMonitor monitor : configured) {
                registry.add(monitor, earlier.getOrDefault(monitor.name(), MonitorState.unknown(monitor.name())));
            }
            saved.forEach((name, written) -> {
                if (registry.get(name).isPresent()) {
                    log.warn("[{}] the monitor created through the API is left out: the config file defines one "
                            + "of that name", name);
                    return;
                }
                if (registry.monitors().size() >= maxMonitors) {
                    log.error("[{}] the monitor created through the API is left out: {} monitors run already "
                            + "(healthmon.limits.maxMonitors)", name, maxMonitors);
                    return;
                }
                try {
                    MonitorSpec spec = reader.read(name, written);
                    registry.add(build(factory, spec), earlier.getOrDefault(name, MonitorState.unknown(name)));
                    specs.put(name, spec);
                    apiWritten.put(name, copy(written));
                    this.written.put(name, named(name, written));
                }
                catch (InvalidConfigException e) {
                    log.error("[{}] the monitor created through the API is left out: {}", name, e.getMessage());
                }
            });
        }
    }

    /** Returns the names of the notifications the monitor named {@code name} uses; empty for all. */
    public List<String> notify(String name) {
        MonitorSpec spec = specs.get(name);
        return spec == null ? List.of() : spec.notifications();
    }

    /**
     * Applies the monitors of a reloaded config file, {@code next}, read by {@code nextReader} (which also reads the
     * monitors of the API from now on, with the new defaults): added ones start, removed ones stop, changed ones
     * (and monitors of the API that the new defaults change) are replaced and keep their state, unchanged ones are
     * not touched. Everything is checked before anything changes; {@code beforeApply} runs then, once the reload
     * can no longer be rejected.
     *
     * @return what changed; the changed names include the monitors of the API that the new defaults changed
     * @throws InvalidConfigException naming the monitor and field, when a monitor of the file takes the name of a
     *         monitor of the API, a monitor of the API is no longer valid with the new defaults, or a monitor cannot
     *         be built; nothing has changed then
     * @throws IllegalStateException before the monitors have started
     */
    public Reload reload(MonitorSpecReader nextReader, List<MonitorSpec> next, Runnable beforeApply) {
        requireNonNull(nextReader, "nextReader");
        requireNonNull(next, "next");
        synchronized (mutations) {
            if (!started) {
                throw new IllegalStateException("the monitors have not started yet");
            }
            for (MonitorSpec spec : next) {
                if (apiWritten.containsKey(spec.name())) {
                    throw new InvalidConfigException("name", "a monitor created through the API has this name "
                            + "(delete it through the API first, or choose another name)").forMonitor(spec.name());
                }
            }
            ConfigDiff diff = ConfigDiff.between(fileSpecs, next);
            List<MonitorSpec> apiChanged = new ArrayList<>();
            apiWritten.forEach((name, written) -> {
                MonitorSpec spec = nextReader.read(name, written);
                if (!spec.equals(specs.get(name))) {
                    apiChanged.add(spec);
                }
            });
            // the file's monitors depend on the file's; the API's on any, so a removed one they need rejects it
            Map<String, List<String>> fileGraph = new LinkedHashMap<>();
            next.forEach(spec -> fileGraph.put(spec.name(), spec.config().dependsOn()));
            Dependencies.check(fileGraph);
            Map<String, List<String>> graph = new LinkedHashMap<>(fileGraph);
            apiWritten.keySet().forEach(name -> graph.put(name, specs.get(name).config().dependsOn()));
            apiChanged.forEach(spec -> graph.put(spec.name(), spec.config().dependsOn()));
            Dependencies.check(graph);
            Map<String, HealthMonitor> built = new LinkedHashMap<>();
            for (MonitorSpec spec : diff.added()) {
                built.put(spec.name(), build(factory, spec));
            }
            for (MonitorSpec spec : diff.changed()) {
                built.put(spec.name(), build(factory, spec));
            }
            for (MonitorSpec spec : apiChanged) {
                built.put(spec.name(), build(factory, spec));
            }
            beforeApply.run();
            reader = nextReader;
            for (String name : diff.removed()) {
                registry.remove(name);
                specs.remove(name);
                fileSpecs.remove(name);
                written.remove(name);
            }
            List<String> changed = new ArrayList<>();
            for (MonitorSpec spec : concat(diff.changed(), apiChanged)) {
                specs.put(spec.name(), spec);
                if (!apiWritten.containsKey(spec.name())) {
                    // a monitor of the file is read back from the file, which the API cannot change
                    written.remove(spec.name());
                }
                registry.replace(built.get(spec.name()));
                changed.add(spec.name());
            }
            for (MonitorSpec spec : diff.added()) {
                specs.put(spec.name(), spec);
                registry.add(built.get(spec.name()));
            }
            fileSpecs.clear();
            next.forEach(spec -> fileSpecs.put(spec.name(), spec));
            return new Reload(diff.addedNames(), diff.removed(), changed);
        }
    }

    @Override
    public MonitorSnapshot create(Map<String, Object> written) {
        MonitorSpec spec = reader.read(written);
        synchronized (mutations) {
            requireNotInFile(spec.name());
            if (registry.get(spec.name()).isPresent()) {
                throw new MonitorConflictException(spec.name());
            }
            checkDependencies(spec);
            requireRoom();
            HealthMonitor monitor = registry.add(build(factory, spec));
            specs.put(spec.name(), spec);
            apiWritten.put(spec.name(), copy(written));
            this.written.put(spec.name(), named(spec.name(), written));
            if (history != null) {
                history.save(spec.name(), written);
            }
            return monitor.snapshot();
        }
    }

    @Override
    public Replaced replace(String name, Map<String, Object> written) {
        MonitorSpec spec = reader.read(name, written);
        synchronized (mutations) {
            requireNotInFile(name);
            boolean created = registry.get(name).isEmpty();
            checkDependencies(spec);
            if (created) {
                requireRoom();
            }
            HealthMonitor monitor = registry.replace(build(factory, spec));
            specs.put(name, spec);
            Map<String, Object> named = named(name, written);
            this.written.put(name, named);
            apiWritten.put(name, copy(named));
            if (history != null) {
                history.save(name, named);
            }
            return new Replaced(monitor.snapshot(), created);
        }
    }

    // runs under the mutations lock: the monitors as they would be with spec, which names only existing ones
    private void checkDependencies(MonitorSpec spec) {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        registry.monitors().forEach(monitor -> graph.put(monitor.name(), monitor.config().dependsOn()));
        graph.put(spec.name(), spec.config().dependsOn());
        Dependencies.check(graph);
    }

    @Override
    public Optional<Map<String, Object>> written(String name) {
        return Optional.ofNullable(written.get(name)).filter(fields -> registry.get(name).isPresent());
    }

    @Override
    public boolean remove(String name) {
        synchronized (mutations) {
            requireNotInFile(name);
            specs.remove(name);
            apiWritten.remove(name);
            written.remove(name);
            boolean removed = registry.remove(name);
            if (removed && history != null) {
                history.forget(name);
            }
            return removed;
        }
    }

    @Override
    public Optional<MonitorSnapshot> restart(String name) {
        synchronized (mutations) {
            return registry.get(name).map(monitor -> {
                monitor.restart();
                return monitor.snapshot();
            });
        }
    }

    // runs under the mutations lock
    private void requireNotInFile(String name) {
        if (fileSpecs.containsKey(name)) {
            throw MonitorConflictException.definedIn(name, file);
        }
    }

    // a decoded JSON object may hold nulls, which Map.copyOf refuses
    private static Map<String, Object> copy(Map<String, Object> written) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(written));
    }

    private static List<MonitorSpec> concat(List<MonitorSpec> first, List<MonitorSpec> second) {
        List<MonitorSpec> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    // the fields as written, name first; the copy is unmodifiable, and so is every list or map within it as decoded.
    // A map that is so already (a monitor of the config file, as bound) is kept as it is: 10,000 copies of the config
    // file's monitors were some 2 MB
    @SuppressWarnings("unchecked")
    private static Map<String, Object> named(String name, Map<String, ?> fields) {
        if (UNMODIFIABLE.isInstance(fields) && !fields.isEmpty()
                && fields.keySet().iterator().next().equals("name") && name.equals(fields.get("name"))) {
            return (Map<String, Object>) fields;
        }
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("name", name);
        fields.forEach((key, value) -> {
            if (!"name".equals(key)) {
                named.put(key, value);
            }
        });
        return java.util.Collections.unmodifiableMap(named);
    }

    private void requireRoom() {
        if (registry.monitors().size() >= maxMonitors) {
            throw new InvalidConfigException("limits.maxMonitors", "no room for another monitor: " + maxMonitors
                    + " run already (healthmon.limits.maxMonitors); remove one first");
        }
    }

    private static HealthMonitor build(MonitorFactory factory, MonitorSpec spec) {
        try {
            return factory.create(spec);
        }
        catch (InvalidConfigException e) {
            throw e.monitor() == null ? e.forMonitor(spec.name()) : e;
        }
    }

    /**
     * What a reload changed.
     *
     * @param added the monitors started
     * @param removed the monitors stopped
     * @param changed the monitors replaced, their state kept
     */
    public record Reload(List<String> added, List<String> removed, List<String> changed) {

        public Reload {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            changed = List.copyOf(changed);
        }
    }
}
