package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.healthmon.core.model.MonitorState;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;

/**
 * Starts the monitors once the web server listens (so a monitor of the service itself passes at once) and stops
 * them first on shutdown: disposing the registry stops every monitor and completes the event stream, which ends
 * every SSE stream, before the web server drains its connections.
 */
final class MonitorLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MonitorLifecycle.class);

    private final MonitorRegistry registry;
    private final ManagedMonitors monitors;
    private final List<Function<MonitorRegistry, Disposable>> consumers;
    private final @Nullable ServiceHistory history;
    private final List<Disposable> subscriptions = new ArrayList<>();
    private volatile boolean running;

    /**
     * Returns the lifecycle of {@code monitors} in {@code registry}; each consumer subscribes to the registry's
     * stream it needs (every event, or the changes alone) before the first monitor starts. With a {@code history},
     * each monitor resumes from the state it kept, the monitors created through the API come back, and every event
     * is written to it.
     */
    MonitorLifecycle(MonitorRegistry registry, ManagedMonitors monitors,
            List<Function<MonitorRegistry, Disposable>> consumers, @Nullable ServiceHistory history) {
        this.registry = requireNonNull(registry, "registry");
        this.monitors = requireNonNull(monitors, "monitors");
        this.consumers = List.copyOf(consumers);
        this.history = history;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        Map<String, MonitorState> earlier = history == null ? Map.of() : history.states();
        Map<String, Map<String, Object>> saved = history == null ? Map.of() : history.savedMonitors();
        consumers.forEach(consumer -> subscriptions.add(consumer.apply(registry)));
        if (history != null) {
            subscriptions.add(history.subscribeTo(registry.events(), registry.changes()));
        }
        monitors.startAll(earlier, saved);
        running = true;
        log.info("healthmon started {} monitor(s)", registry.monitors().size());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        int count = registry.monitors().size();
        registry.dispose();
        subscriptions.forEach(Disposable::dispose);
        subscriptions.clear();
        log.info("healthmon stopped {} monitor(s)", count);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Returns the last phase: started after the web server, stopped before it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
