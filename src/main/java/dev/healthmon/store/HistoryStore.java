package dev.healthmon.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.healthmon.core.model.MonitorEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The history of every monitor: transitions, rollups, state, saved monitors, the notification outbox, service
 * runs and maintenance spans, in SQLite or PostgreSQL.
 *
 * <p>Every method returns a cold publisher that does its JDBC work when subscribed: writes on the store's own
 * single-threaded scheduler (so they never overlap), reads on {@code boundedElastic}. None blocks the caller.
 * Database failures arrive as {@link StoreUnavailableException}; bad periods as
 * {@link dev.healthmon.core.model.InvalidConfigException} naming the field.
 *
 * <pre>{@code
 * HistoryStore store = HistoryStore.open(StoreConfig.defaults(), registry);   // blocking: migrates
 * HistoryWriter.create(store, Schedulers.parallel()).writes(registry.events()).subscribe();
 * store.uptime("api", now.minus(Duration.ofDays(30)), now).subscribe(report -> ...);
 * }</pre>
 */
public interface HistoryStore extends AutoCloseable {

    /**
     * Returns an open store: creates the SQLite directory if needed, connects and runs the migrations. Blocking;
     * call it from {@code main} or a blocking-capable thread.
     *
     * @throws StoreUnavailableException when the database cannot be reached, read or written
     */
    static HistoryStore open(StoreConfig config, MeterRegistry registry) {
        return JdbcHistoryStore.open(config, registry, Clock.systemUTC());
    }

    /** Returns an open store with meters in a registry of its own; see {@link #open(StoreConfig, MeterRegistry)}. */
    static HistoryStore open(StoreConfig config) {
        return open(config, new SimpleMeterRegistry());
    }

    /** Returns the configuration the store was opened with. */
    StoreConfig config();

    /** Returns the store's meters. */
    StoreMetrics metrics();

    // writes: the store's own scheduler, one at a time

    /**
     * Returns a cold Mono that writes {@code batch} in one transaction: transitions, rollup upserts (one per
     * monitor and bucket) and states, and emits the rows written. Lifecycle events are not stored.
     */
    default Mono<Integer> write(List<MonitorEvent> batch) {
        List<HistoryEntry> entries = new ArrayList<>(batch.size());
        for (MonitorEvent event : batch) {
            entries.add(HistoryEntry.of(event));
        }
        return writeEntries(entries);
    }

    /**
     * Returns a cold Mono that writes {@code batch} in one transaction, as {@link #write(List)} does, with the
     * checks of a {@link CheckSummary} counted as if each had come as an event.
     */
    Mono<Integer> writeEntries(List<HistoryEntry> batch);

    /** Returns a cold Mono that saves a monitor created through the API, replacing one of the same name. */
    Mono<Void> saveMonitor(String name, String settingsJson, Instant at);

    /** Returns a cold Mono that forgets a saved monitor and its state (not its history); emits whether it was saved. */
    Mono<Boolean> deleteMonitor(String name);

    /** Returns a cold Mono that enqueues a delivery; emits {@code false} when that key and provider were enqueued. */
    Mono<Boolean> enqueue(OutboxKey key, String provider, String payload, Instant at);

    /** Returns a cold Mono that marks a delivery done; emits whether it was pending. */
    Mono<Boolean> acknowledge(OutboxKey key, String provider, Instant at);

    /** Returns a cold Mono that records the start of a service run and emits its id. */
    Mono<Long> beginRun(Instant at);

    /** Returns a cold Mono that records that run {@code run} is alive at {@code at}. */
    Mono<Void> markAlive(long run, Instant at);

    /** Returns a cold Mono that records a clean end of run {@code run}. */
    Mono<Void> endRun(long run, Instant at);

    /** Returns a cold Mono that stores a maintenance span and emits its id. */
    Mono<Long> addMaintenance(MaintenanceSpan span);

    /** Returns a cold Mono that removes a maintenance span; emits whether it existed. */
    Mono<Boolean> removeMaintenance(long id);

    /** Returns a cold Mono that deletes what is older than the retention, in chunks, and emits the rows deleted. */
    Mono<Long> prune(Instant now);

    // reads: boundedElastic

    /** Returns the stored state of every monitor, by name, for loading at start. */
    Flux<StoredState> states();

    /** Returns the monitors created through the API, by name. */
    Flux<SavedMonitor> savedMonitors();

    /** Returns the deliveries not yet acknowledged, oldest first. */
    Flux<PendingDelivery> pending();

    /** Returns the uptime of {@code name} over {@code [from, to)}; a report of zeros for an unknown name. */
    Mono<UptimeReport> uptime(String name, Instant from, Instant to);

    /** Returns the uptime of every monitor over {@code [from, to)}, by name, with one query per table. */
    Mono<Map<String, UptimeReport>> uptimeAll(Instant from, Instant to);

    /**
     * Returns every monitor's uptime per UTC day over {@code [from, to)}, by name: for each, one point per day,
     * oldest first and none left out (a day with no up or down time has a {@code null} uptime), with the day's checks
     * and latency from the day rollups. One query per table, for the 90-day bars of thousands of monitors.
     *
     * @param from the start of the first day; must be midnight UTC
     */
    Mono<Map<String, List<HistoryPoint>>> dailyAll(Instant from, Instant to);

    /**
     * Returns history points of {@code name} in time order, one per {@code step} that has checks, from the
     * minute, hour or day rollups: the finest that {@code step} allows and that still holds {@code from}.
     */
    Flux<HistoryPoint> history(String name, Instant from, Instant to, Duration step);

    /** Returns up to {@code limit} incidents of {@code name} that overlap {@code [from, to)}, newest first. */
    Flux<Incident> incidents(String name, Instant from, Instant to, int limit);

    /** Returns the timeline of {@code name} over {@code [from, to)}: status, maintenance and unmonitored spans. */
    Mono<List<TimelineSpan>> timeline(String name, Instant from, Instant to);

    /** Returns the timeline of every monitor over {@code [from, to)}, by name. */
    Mono<Map<String, List<TimelineSpan>>> timelines(Instant from, Instant to);

    /** Returns the maintenance spans that overlap {@code [from, to)}. */
    Flux<MaintenanceSpan> maintenance(Instant from, Instant to);

    /** Returns the size of the database in bytes, and records it in the size gauge. */
    Mono<Long> size();

    /** Closes the pool and the store's scheduler. Blocking; pending writes are abandoned. */
    @Override
    void close();
}
