package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.healthmon.config.MonitorSpec;
import dev.healthmon.config.MonitorSpecReader;
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
 * The service's monitors: those of the config file, created (and so validated) when this is built and started
 * by {@link #startAll()}, and those the management API adds, replaces, removes and restarts, all validated the
 * same way. It remembers each monitor's spec, for the routes of its notifications.
 */
public final class ManagedMonitors implements MonitorCommands {

    private static final Logger log = LoggerFactory.getLogger(ManagedMonitors.class);

    private final MonitorRegistry registry;
    private final MonitorFactory factory;
    private final MonitorSpecReader reader;
    private final Map<String, MonitorSpec> specs = new ConcurrentHashMap<>();
    private final List<HealthMonitor> configured;
    private final @Nullable ServiceHistory history;
    private final int maxMonitors;
    private final Object mutations = new Object();

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
        List<HealthMonitor> monitors = new ArrayList<>();
        for (MonitorSpec spec : specs) {
            monitors.add(build(factory, spec));
        }
        ManagedMonitors managed = new ManagedMonitors(registry, factory, reader, List.copyOf(monitors), history,
                maxMonitors);
        specs.forEach(spec -> managed.specs.put(spec.name(), spec));
        return managed;
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

    @Override
    public MonitorSnapshot create(Map<String, Object> written) {
        MonitorSpec spec = reader.read(written);
        synchronized (mutations) {
            if (registry.get(spec.name()).isPresent()) {
                throw new MonitorConflictException(spec.name());
            }
            requireRoom();
            HealthMonitor monitor = registry.add(build(factory, spec));
            specs.put(spec.name(), spec);
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
            boolean created = registry.get(name).isEmpty();
            if (created) {
                requireRoom();
            }
            HealthMonitor monitor = registry.replace(build(factory, spec));
            specs.put(name, spec);
            if (history != null) {
                Map<String, Object> named = new LinkedHashMap<>(written);
                named.put("name", name);
                history.save(name, named);
            }
            return new Replaced(monitor.snapshot(), created);
        }
    }

    @Override
    public boolean remove(String name) {
        synchronized (mutations) {
            specs.remove(name);
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
}
