package dev.healthmon.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A store that supports nothing: test fakes override what they use. */
abstract class UnsupportedStore implements HistoryStore {

    @Override
    public StoreConfig config() {
        throw new UnsupportedOperationException();
    }

    @Override
    public StoreMetrics metrics() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Integer> writeEntries(List<HistoryEntry> batch) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> saveMonitor(String name, String settingsJson, Instant at) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Boolean> deleteMonitor(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Boolean> enqueue(OutboxKey key, String provider, String payload, Instant at) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Boolean> acknowledge(OutboxKey key, String provider, Instant at) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Long> beginRun(Instant at) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> markAlive(long run, Instant at) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> endRun(long run, Instant at) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Long> addMaintenance(MaintenanceSpan span) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Boolean> removeMaintenance(long id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Long> prune(Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Flux<StoredState> states() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Flux<SavedMonitor> savedMonitors() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Flux<PendingDelivery> pending() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<UptimeReport> uptime(String name, Instant from, Instant to) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Map<String, UptimeReport>> uptimeAll(Instant from, Instant to) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Map<String, List<HistoryPoint>>> dailyAll(Instant from, Instant to) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Flux<HistoryPoint> history(String name, Instant from, Instant to, Duration step) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Flux<Incident> incidents(String name, Instant from, Instant to, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<List<TimelineSpan>> timeline(String name, Instant from, Instant to) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Map<String, List<TimelineSpan>>> timelines(Instant from, Instant to) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Flux<MaintenanceSpan> maintenance(Instant from, Instant to) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Long> size() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        // nothing to close
    }
}
