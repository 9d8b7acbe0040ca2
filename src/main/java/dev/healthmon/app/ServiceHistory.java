package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorState;
import dev.healthmon.store.HistoryStore;
import dev.healthmon.store.HistoryWriter;
import dev.healthmon.store.Housekeeping;
import dev.healthmon.store.MaintenanceSpan;
import dev.healthmon.store.SavedMonitor;
import dev.healthmon.store.StoreUnavailableException;
import dev.healthmon.store.StoredState;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's side of the history store: what is loaded at start (each monitor's state, the monitors created
 * through the API), the run that marks the service up (so the time it was down counts as unmonitored), the
 * batching writer fed by the registry's events, and the saving of API monitors. The blocking calls here run at
 * start-up and shutdown on the application's own thread, never on an event loop.
 */
final class ServiceHistory {

    private static final Logger log = LoggerFactory.getLogger(ServiceHistory.class);
    private static final Duration DRAIN = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HistoryStore store;
    private final Sinks.Empty<Void> written = Sinks.empty();
    private @Nullable Long run;

    ServiceHistory(HistoryStore store) {
        this.store = requireNonNull(store, "store");
    }

    /** Returns the store. */
    HistoryStore store() {
        return store;
    }

    /** Returns what each monitor's earlier run knew, by name, for monitors to resume from. Blocking. */
    Map<String, MonitorState> states() {
        List<StoredState> stored = store.states().collectList().block();
        Map<String, MonitorState> states = new LinkedHashMap<>();
        for (StoredState s : stored == null ? List.<StoredState>of() : stored) {
            states.put(s.name(), new MonitorState(s.name(), s.status(), s.consecutiveFailures(), 0, 0, s.downSent(),
                    false, s.lastSeen(), null, s.outageStart()));
        }
        return states;
    }

    /** Returns the settings of the monitors created through the API, as written, by name. Blocking. */
    Map<String, Map<String, Object>> savedMonitors() {
        List<SavedMonitor> saved = store.savedMonitors().collectList().block();
        Map<String, Map<String, Object>> monitors = new LinkedHashMap<>();
        for (SavedMonitor monitor : saved == null ? List.<SavedMonitor>of() : saved) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> settings = JSON.readValue(monitor.settings(), Map.class);
                monitors.put(monitor.name(), settings);
            }
            catch (JacksonException e) {
                log.error("[{}] saved monitor is not readable and is left out: {}", monitor.name(),
                        e.getOriginalMessage());
            }
        }
        return monitors;
    }

    /**
     * Records the start of a run, subscribes the writer to {@code events} (check results included) and the
     * maintenance spans to {@code changes} (the same events without check results, as
     * {@code MonitorRegistry.changes()}), and starts the chores. Blocking; call once.
     *
     * @return what stops the chores; the writer ends when {@code events} completes
     */
    Disposable subscribeTo(Flux<MonitorEvent> events, Flux<MonitorEvent> changes) {
        Long id = store.beginRun(Instant.now()).block();
        run = id;
        Disposable writing = HistoryWriter.create(store, Schedulers.parallel())
                .writes(events)
                .subscribe(null, this::failed, () -> written.tryEmitEmpty());
        Disposable chores = id == null ? Disposables.single()
                : Housekeeping.create(store, Schedulers.parallel()).chores(id).subscribe();
        // the spans need no check result: 10,000 a second at 10,000 monitors would each pass through their filter
        Disposable spans = maintenanceSpans(changes).subscribe();
        return () -> {
            chores.dispose();
            spans.dispose();
            awaitWriter(writing);
            endRun();
        };
    }

    /**
     * Returns a cold {@code Flux} that stores, for each monitor leaving a maintenance window, the span it spent in
     * it, so that uptime counts that time as maintenance; a failed write is logged, never signalled. The store's
     * own scheduler does the writing.
     */
    Flux<Long> maintenanceSpans(Flux<MonitorEvent> events) {
        return events.ofType(MonitorEvent.Maintenance.class)
                .filter(window -> !window.active() && window.until().isAfter(window.from()))
                .concatMap(window -> store.addMaintenance(MaintenanceSpan.of(window.name(), window.from(),
                                window.until(), window.window()))
                        .onErrorResume(e -> {
                            log.warn("[{}] maintenance span not stored: {}", window.name(), e.getMessage());
                            return Mono.empty();
                        }));
    }

    /** Saves a monitor created or replaced through the API, off the caller's thread; a failure is logged. */
    void save(String name, Map<String, Object> written) {
        String settings;
        try {
            settings = JSON.writeValueAsString(written);
        }
        catch (JacksonException e) {
            log.error("[{}] monitor not saved: {}", name, e.getOriginalMessage());
            return;
        }
        store.saveMonitor(name, settings, Instant.now())
                .subscribe(null, e -> log.warn("[{}] monitor not saved in the history store: {}", name,
                        e.getMessage()));
    }

    /** Forgets a monitor removed through the API, off the caller's thread; a failure is logged. */
    void forget(String name) {
        store.deleteMonitor(name)
                .subscribe(null, e -> log.warn("[{}] monitor not removed from the history store: {}", name,
                        e.getMessage()));
    }

    private void awaitWriter(Disposable writing) {
        try {
            // the registry completed its events: let the writer commit what it holds, within a bound
            written.asMono().block(DRAIN);
        }
        catch (IllegalStateException e) {
            log.warn("history store: the writer did not drain within {}; its last batch is lost", DRAIN);
            writing.dispose();
        }
    }

    private void endRun() {
        Long id = run;
        if (id == null) {
            return;
        }
        try {
            store.endRun(id, Instant.now()).block(DRAIN);
        }
        catch (StoreUnavailableException | IllegalStateException e) {
            log.warn("history store: the end of this run was not recorded: {}", e.getMessage());
        }
    }

    private void failed(Throwable error) {
        log.error("history store: the writer stopped", error);
        written.tryEmitEmpty();
    }
}
