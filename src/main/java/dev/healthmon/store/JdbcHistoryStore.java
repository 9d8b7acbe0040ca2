package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import com.zaxxer.hikari.HikariDataSource;
import dev.healthmon.core.model.InvalidConfigException;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The one implementation of {@link HistoryStore}, over JDBC for SQLite and PostgreSQL: a facade that puts each
 * blocking call on its scheduler and turns driver failures into {@link StoreUnavailableException}.
 */
final class JdbcHistoryStore implements HistoryStore {

    private final StoreConfig config;
    private final HikariDataSource pool;
    private final Jdbc jdbc;
    private final Dialect dialect;
    private final Pruner pruner;
    private final StoreMetrics metrics;
    private final Clock clock;
    // one thread that may block: writes never overlap; newSingle's thread is marked non-blocking, this one is not
    private final Scheduler writes = Schedulers.newBoundedElastic(1, Integer.MAX_VALUE, "healthmon-store-writes");
    private final Scheduler reads = Schedulers.boundedElastic();

    private JdbcHistoryStore(StoreConfig config, HikariDataSource pool, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.pool = pool;
        this.jdbc = new Jdbc(pool);
        this.dialect = Dialect.of(config);
        this.pruner = new Pruner(jdbc, dialect, config.retention());
        this.metrics = StoreMetrics.create(registry);
        this.clock = clock;
    }

    static JdbcHistoryStore open(StoreConfig config, MeterRegistry registry, Clock clock) {
        requireNonNull(config, "config");
        requireNonNull(registry, "registry");
        requireNonNull(clock, "clock");
        return new JdbcHistoryStore(config, Database.open(config), registry, clock);
    }

    @Override
    public StoreConfig config() {
        return config;
    }

    @Override
    public StoreMetrics metrics() {
        return metrics;
    }

    @Override
    public Mono<Integer> writeEntries(List<HistoryEntry> batch) {
        List<HistoryEntry> entries = List.copyOf(batch);
        return write("writing a batch", () -> {
            long start = System.nanoTime();
            BatchPlan plan = BatchPlan.of(entries);
            int rows = jdbc.inTransaction(connection -> BatchSql.write(connection, plan, clock.millis()));
            metrics.written(rows, Duration.ofNanos(System.nanoTime() - start));
            return rows;
        });
    }

    @Override
    public Mono<Void> saveMonitor(String name, String settingsJson, Instant at) {
        return write("saving a monitor", () -> jdbc.inTransaction(c -> RecordSql.saveMonitor(c, name, settingsJson,
                at))).then();
    }

    @Override
    public Mono<Boolean> deleteMonitor(String name) {
        return write("deleting a monitor", () -> jdbc.inTransaction(c -> RecordSql.deleteMonitor(c, name)));
    }

    @Override
    public Mono<Boolean> enqueue(OutboxKey key, String provider, String payload, Instant at) {
        return write("enqueuing a notification", () -> jdbc.inTransaction(c -> RecordSql.enqueue(c, key, provider,
                payload, at)));
    }

    @Override
    public Mono<Boolean> acknowledge(OutboxKey key, String provider, Instant at) {
        return write("acknowledging a notification", () -> jdbc.inTransaction(c -> RecordSql.acknowledge(c, key,
                provider, at)));
    }

    @Override
    public Mono<Long> beginRun(Instant at) {
        return write("recording a run", () -> jdbc.inTransaction(c -> RecordSql.beginRun(c, at)));
    }

    @Override
    public Mono<Void> markAlive(long run, Instant at) {
        return write("recording a run", () -> jdbc.inTransaction(c -> RecordSql.markAlive(c, run, at))).then();
    }

    @Override
    public Mono<Void> endRun(long run, Instant at) {
        return write("recording a run", () -> jdbc.inTransaction(c -> RecordSql.endRun(c, run, at))).then();
    }

    @Override
    public Mono<Long> addMaintenance(MaintenanceSpan span) {
        return write("adding maintenance", () -> jdbc.inTransaction(c -> RecordSql.addMaintenance(c, span)));
    }

    @Override
    public Mono<Boolean> removeMaintenance(long id) {
        return write("removing maintenance", () -> jdbc.inTransaction(c -> RecordSql.removeMaintenance(c, id)));
    }

    @Override
    public Mono<Long> prune(Instant now) {
        return write("pruning", () -> {
            long deleted = pruner.prune(now);
            metrics.size(jdbc.withConnection(c -> RecordSql.size(c, dialect)));
            return deleted;
        });
    }

    @Override
    public Flux<StoredState> states() {
        return read("reading states", () -> jdbc.withConnection(RecordSql::states)).flatMapIterable(list -> list);
    }

    @Override
    public Flux<SavedMonitor> savedMonitors() {
        return read("reading saved monitors", () -> jdbc.withConnection(RecordSql::savedMonitors))
                .flatMapIterable(list -> list);
    }

    @Override
    public Flux<PendingDelivery> pending() {
        return read("reading the outbox", () -> jdbc.withConnection(RecordSql::pending)).flatMapIterable(l -> l);
    }

    @Override
    public Mono<UptimeReport> uptime(String name, Instant from, Instant to) {
        // a bad period arrives as an error signal, not as an exception at assembly
        return Mono.defer(() -> {
            HistoryRange range = HistoryRange.of(from, to);
            long start = from.toEpochMilli();
            long end = to.toEpochMilli();
            return read("reading uptime", () -> jdbc.withConnection(c -> report(name, range,
                    HistoryQueries.changes(c, name, start, end),
                    HistoryQueries.maintenance(c, start, end),
                    HistoryQueries.runs(c, start, end),
                    HistoryQueries.totals(c, finest(start), name, start, end))));
        });
    }

    @Override
    public Mono<Map<String, UptimeReport>> uptimeAll(Instant from, Instant to) {
        // a bad period arrives as an error signal, not as an exception at assembly
        return Mono.defer(() -> {
            HistoryRange range = HistoryRange.of(from, to);
            long start = from.toEpochMilli();
            long end = to.toEpochMilli();
            return read("reading uptime", () -> jdbc.withConnection(c -> {
                Map<String, List<StatusChange>> changes = HistoryQueries.allChanges(c, start, end);
                List<MaintenanceSpan> maintenance = HistoryQueries.maintenance(c, start, end);
                List<ServiceRun> runs = HistoryQueries.runs(c, start, end);
                Map<String, HistoryQueries.Totals> totals = HistoryQueries.allTotals(c, finest(start), start, end);
                TreeSet<String> names = new TreeSet<>(HistoryQueries.monitors(c));
                names.addAll(changes.keySet());
                names.addAll(totals.keySet());
                Map<String, UptimeReport> reports = new LinkedHashMap<>();
                for (String name : names) {
                    reports.put(name, report(name, range, changes.getOrDefault(name, List.of()), maintenance, runs,
                            totals.getOrDefault(name, HistoryQueries.Totals.NONE)));
                }
                return reports;
            }));
        });
    }

    @Override
    public Mono<Map<String, List<HistoryPoint>>> dailyAll(Instant from, Instant to) {
        // a bad period arrives as an error signal, not as an exception at assembly
        return Mono.defer(() -> {
            HistoryRange.of(from, to);
            long start = from.toEpochMilli();
            long end = to.toEpochMilli();
            if (Resolution.DAY.bucketOf(start) != start) {
                return Mono.error(new InvalidConfigException("from", from + " (expected: midnight UTC)"));
            }
            return read("reading daily uptime", () -> jdbc.withConnection(c -> {
                Map<String, List<StatusChange>> changes = HistoryQueries.allChanges(c, start, end);
                List<MaintenanceSpan> maintenance = HistoryQueries.maintenance(c, start, end);
                List<ServiceRun> runs = HistoryQueries.runs(c, start, end);
                Map<String, Map<Long, HistoryQueries.Totals>> rollups = HistoryQueries.allDays(c, start, end);
                TreeSet<String> names = new TreeSet<>(HistoryQueries.monitors(c));
                names.addAll(changes.keySet());
                names.addAll(rollups.keySet());
                Map<String, List<HistoryPoint>> daily = new LinkedHashMap<>();
                for (String name : names) {
                    List<TimelineSpan> spans = UptimeCalculator.timeline(from, to,
                            changes.getOrDefault(name, List.of()), applying(maintenance, name), runs);
                    daily.put(name, days(start, end, spans, rollups.getOrDefault(name, Map.of())));
                }
                return daily;
            }));
        });
    }

    @Override
    public Flux<HistoryPoint> history(String name, Instant from, Instant to, Duration step) {
        // a bad period arrives as an error signal, not as an exception at assembly
        return Flux.defer(() -> {
            HistoryRange range = HistoryRange.of(from, to);
            range.step(step, 100_000);
            long start = from.toEpochMilli();
            long end = to.toEpochMilli();
            Instant now = clock.instant();
            Resolution resolution = config.retention().resolutionFor(step, from, now);
            long stepMillis = config.retention().pointWidth(step, from, now).toMillis();
            return read("reading history", () -> jdbc.withConnection(c -> {
                Map<Long, HistoryQueries.Totals> steps = HistoryQueries.steps(c, resolution, name, start, end,
                        stepMillis);
                List<TimelineSpan> spans = UptimeCalculator.timeline(Instant.ofEpochMilli(Math.floorDiv(start,
                        stepMillis) * stepMillis), to, HistoryQueries.changes(c, name, start, end),
                        applying(HistoryQueries.maintenance(c, start, end), name), HistoryQueries.runs(c, start, end));
                List<HistoryPoint> points = new ArrayList<>();
                for (Map.Entry<Long, HistoryQueries.Totals> entry : steps.entrySet()) {
                    HistoryQueries.Totals totals = entry.getValue();
                    LatencySummary latency = totals.latency();
                    points.add(new HistoryPoint(Instant.ofEpochMilli(entry.getKey()), totals.checks(),
                            totals.failures(), uptimeWithin(spans, entry.getKey(), entry.getKey() + stepMillis),
                            latency.avg(), latency.max()));
                }
                return points;
            })).flatMapIterable(list -> list);
        });
    }

    @Override
    public Flux<Incident> incidents(String name, Instant from, Instant to, int limit) {
        // a bad period or limit arrives as an error signal, not as an exception at assembly
        return Flux.defer(() -> {
            HistoryRange.of(from, to);
            if (limit < 1) {
                return Flux.error(new InvalidConfigException("limit", limit + " (expected: >= 1)"));
            }
            return read("reading incidents", () -> jdbc.withConnection(c -> Incidents.of(
                    HistoryQueries.outageChanges(c, name, from.toEpochMilli(), to.toEpochMilli()), from, to)))
                    .flatMapIterable(list -> list)
                    .take(limit);
        });
    }

    @Override
    public Mono<List<TimelineSpan>> timeline(String name, Instant from, Instant to) {
        // a bad period arrives as an error signal, not as an exception at assembly
        return Mono.defer(() -> {
            HistoryRange.of(from, to);
            long start = from.toEpochMilli();
            long end = to.toEpochMilli();
            return read("reading a timeline", () -> jdbc.withConnection(c -> UptimeCalculator.timeline(from, to,
                    HistoryQueries.changes(c, name, start, end),
                    applying(HistoryQueries.maintenance(c, start, end), name), HistoryQueries.runs(c, start, end))));
        });
    }

    @Override
    public Mono<Map<String, List<TimelineSpan>>> timelines(Instant from, Instant to) {
        // a bad period arrives as an error signal, not as an exception at assembly
        return Mono.defer(() -> {
            HistoryRange.of(from, to);
            long start = from.toEpochMilli();
            long end = to.toEpochMilli();
            return read("reading timelines", () -> jdbc.withConnection(c -> {
                Map<String, List<StatusChange>> changes = HistoryQueries.allChanges(c, start, end);
                List<MaintenanceSpan> maintenance = HistoryQueries.maintenance(c, start, end);
                List<ServiceRun> runs = HistoryQueries.runs(c, start, end);
                TreeSet<String> names = new TreeSet<>(HistoryQueries.monitors(c));
                names.addAll(changes.keySet());
                Map<String, List<TimelineSpan>> timelines = new LinkedHashMap<>();
                for (String name : names) {
                    timelines.put(name, UptimeCalculator.timeline(from, to, changes.getOrDefault(name, List.of()),
                            applying(maintenance, name), runs));
                }
                return timelines;
            }));
        });
    }

    @Override
    public Flux<MaintenanceSpan> maintenance(Instant from, Instant to) {
        // a bad period arrives as an error signal, not as an exception at assembly
        return Flux.defer(() -> {
            HistoryRange.of(from, to);
            return read("reading maintenance", () -> jdbc.withConnection(c -> HistoryQueries.maintenance(c,
                    from.toEpochMilli(), to.toEpochMilli()))).flatMapIterable(list -> list);
        });
    }

    @Override
    public Mono<Long> size() {
        return read("measuring the database", () -> {
            long bytes = jdbc.withConnection(c -> RecordSql.size(c, dialect));
            metrics.size(bytes);
            return bytes;
        });
    }

    @Override
    public void close() {
        writes.dispose();
        pool.close();
    }

    private UptimeReport report(String name, HistoryRange range, List<StatusChange> changes,
            List<MaintenanceSpan> maintenance, List<ServiceRun> runs, HistoryQueries.Totals totals) {
        List<TimelineSpan> spans = UptimeCalculator.timeline(range.from(), range.to(), changes,
                applying(maintenance, name), runs);
        UptimeCalculator.Tally tally = UptimeCalculator.tally(spans);
        return new UptimeReport(name, range.from(), range.to(), tally.uptime(), tally.seconds(SpanKind.UP),
                tally.seconds(SpanKind.DOWN), tally.seconds(SpanKind.MAINTENANCE),
                tally.seconds(SpanKind.UNMONITORED), totals.checks(), totals.failures(),
                Incidents.of(changes, range.from(), range.to()).size(), totals.latency());
    }

    // one point per UTC day of [start, end): the spans are in time order, so one walk covers every day
    private static List<HistoryPoint> days(long start, long end, List<TimelineSpan> spans,
            Map<Long, HistoryQueries.Totals> rollups) {
        long width = Resolution.DAY.width().toMillis();
        List<HistoryPoint> points = new ArrayList<>();
        int first = 0;
        for (long day = start; day < end; day += width) {
            long dayEnd = Math.min(day + width, end);
            long up = 0;
            long down = 0;
            for (int i = first; i < spans.size(); i++) {
                TimelineSpan span = spans.get(i);
                long spanStart = span.start().toEpochMilli();
                long spanEnd = span.end().toEpochMilli();
                if (spanStart >= dayEnd) {
                    break;
                }
                if (spanEnd <= day) {
                    first = i + 1;
                    continue;
                }
                long overlap = Math.min(dayEnd, spanEnd) - Math.max(day, spanStart);
                if (span.kind() == SpanKind.UP) {
                    up += overlap;
                }
                else if (span.kind() == SpanKind.DOWN) {
                    down += overlap;
                }
            }
            HistoryQueries.Totals totals = rollups.getOrDefault(day, HistoryQueries.Totals.NONE);
            LatencySummary latency = totals.latency();
            points.add(new HistoryPoint(Instant.ofEpochMilli(day), totals.checks(), totals.failures(),
                    up + down == 0 ? null : (double) up / (up + down), latency.avg(), latency.max()));
        }
        return points;
    }

    private static List<MaintenanceSpan> applying(List<MaintenanceSpan> spans, String name) {
        return spans.stream().filter(span -> span.appliesTo(name)).toList();
    }

    private static @Nullable Double uptimeWithin(List<TimelineSpan> spans, long from,
            long to) {
        long up = 0;
        long down = 0;
        for (TimelineSpan span : spans) {
            long overlap = Math.min(to, span.end().toEpochMilli()) - Math.max(from, span.start().toEpochMilli());
            if (overlap > 0 && span.kind() == SpanKind.UP) {
                up += overlap;
            }
            else if (overlap > 0 && span.kind() == SpanKind.DOWN) {
                down += overlap;
            }
        }
        return up + down == 0 ? null : (double) up / (up + down);
    }

    // the finest rollup whose retention still reaches back to from
    private Resolution finest(long from) {
        return config.retention().finestHolding(Instant.ofEpochMilli(from), clock.instant());
    }

    private <T> Mono<T> write(String doing, Callable<T> work) {
        return Mono.fromCallable(work)
                .onErrorMap(SQLException.class, e -> StoreErrors.unavailable(config, doing, e))
                .subscribeOn(writes);
    }

    private <T> Mono<T> read(String doing, Callable<T> work) {
        return Mono.fromCallable(work)
                .onErrorMap(SQLException.class, e -> StoreErrors.unavailable(config, doing, e))
                .subscribeOn(reads);
    }
}
