package dev.healthmon.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.healthmon.core.model.Durations;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Outcome;
import dev.healthmon.store.HistoryStore;
import dev.healthmon.store.HistoryWriter;
import dev.healthmon.store.Resolution;
import dev.healthmon.store.StoreConfig;
import dev.healthmon.store.UptimeReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * {@code healthmon bench store}: fills a history store with simulated time and times the queries of issue 10.
 *
 * <p>The store holds what it would hold after {@code --days} of {@code --monitors} monitors checked every
 * {@code --interval}, ending now (the store's retention is relative to its clock, which is the system's). The
 * last {@code --recent} (48 h by default, the retention of minute rollups) go through the real
 * {@link HistoryWriter}: every check as a {@code Checked} event with its synthetic time, every status change as a
 * {@code StatusChanged} event, in time order. The days before only leave hour and day rollups behind (their
 * minute rows are pruned after 48 h), so those rows are inserted as the writer would have left them, in one
 * batch per table; their transitions still go through the writer. Then retention runs, and the queries are
 * timed: medians of several runs after one that warms up.
 *
 * <p>Every monitor has an outage of 2 to 10 minutes about every 3 days, at a time drawn from its index.
 */
final class StoreBench {

    private static final long OUTAGE_EVERY_MS = Duration.ofDays(3).toMillis();
    private static final int RUNS = 7;

    private final PrintStream out;
    private final int monitors;
    private final Duration days;
    private final Duration interval;
    private final Duration recent;
    private final int runs;
    private final boolean direct;
    private final boolean queriesOnly;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private StoreBench(PrintStream out, int monitors, Duration days, Duration interval, Duration recent, int runs,
            boolean direct, boolean queriesOnly) {
        this.out = out;
        this.monitors = monitors;
        this.days = days;
        this.interval = interval;
        this.recent = recent.compareTo(days) > 0 ? days : recent;
        this.runs = runs;
        this.direct = direct;
        this.queriesOnly = queriesOnly;
    }

    static int run(List<String> args, PrintStream out) throws IOException {
        int monitors = 1000;
        int days = 30;
        Duration interval = Duration.ofSeconds(30);
        Duration recent = Duration.ofHours(48);
        String url = null;
        int runs = RUNS;
        boolean direct = false;
        boolean queriesOnly = false;
        try {
            for (int i = 0; i < args.size(); i += 2) {
                String name = args.get(i);
                if (name.equals("--direct") || name.equals("--queries-only")) {
                    direct |= name.equals("--direct");
                    queriesOnly |= name.equals("--queries-only");
                    i--;
                    continue;
                }
                if (i + 1 >= args.size()) {
                    throw new InvalidConfigException("bench.store", "option '" + name + "' needs a value");
                }
                String value = args.get(i + 1);
                switch (name) {
                    case "--monitors" -> monitors = Integer.parseInt(value);
                    case "--days" -> days = Integer.parseInt(value);
                    case "--interval" -> interval = Durations.parse(value);
                    case "--recent" -> recent = Durations.parse(value);
                    case "--url" -> url = value;
                    case "--runs" -> runs = Integer.parseInt(value);
                    default -> throw new InvalidConfigException("bench.store", "unknown option '" + name + "'");
                }
            }
        }
        catch (IllegalArgumentException e) {
            System.err.println("healthmon bench store: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            return 2;
        }
        Path dir = Files.createTempDirectory("healthmon-bench-store");
        try {
            String jdbc = url != null ? url : "jdbc:sqlite:" + dir.resolve("history.db");
            return new StoreBench(out, monitors, Duration.ofDays(days), interval, recent, runs, direct, queriesOnly).run(jdbc,
                    url == null ? dir.resolve("history.db") : null);
        }
        finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private int run(String url, @Nullable Path file) {
        String loadBefore = Report.loadAverage();
        out.printf("healthmon bench store: %d monitors, %s of history at %s checks, ending now, in %s%n", monitors,
                Durations.format(days), Durations.format(interval), url);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // the writer's batches are larger than the service's 500 so that the fill ends soon; the rows are the same
        StoreConfig config = StoreConfig.defaults().withUrl(url).withBatching(400_000, 10_000, Duration.ofSeconds(1));
        Report report = new Report()
                .put("monitors", "monitors", monitors)
                .put("days", "simulated days", days.toDays())
                .put("interval_s", "check interval (s)", interval.toSeconds())
                .put("store", "store", url.startsWith("jdbc:sqlite:") ? "sqlite" : "postgresql");
        try (HistoryStore store = HistoryStore.open(config, meters)) {
            Instant from = now.minus(days);
            if (queriesOnly) {
                // a store filled before (--url): only the queries, to time or to profile them
                time(store, report, from);
                return finish(report, loadBefore);
            }
            Long run = store.beginRun(from).block();
            long started = System.nanoTime();
            Instant recentFrom = direct ? now : now.minus(recent);
            long olderRows = insertRollups(url, Resolution.HOUR, from, recentFrom)
                    + insertRollups(url, Resolution.DAY, from, recentFrom);
            if (direct) {
                // every rollup row inserted as the writer would leave it: the minute rows of the recent hours too
                olderRows += insertRollups(url, Resolution.MINUTE, now.minus(recent), now);
            }
            double olderSeconds = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            long events = writeThroughWriter(store, from, recentFrom, now);
            double writerSeconds = (System.nanoTime() - started) / 1e9;
            if (run != null) {
                store.markAlive(run, now).block();
            }
            started = System.nanoTime();
            Long pruned = store.prune(now).block();
            double pruneSeconds = (System.nanoTime() - started) / 1e9;
            Long size = store.size().block();
            double dropped = meters.find("healthmon.store.events.dropped").counters().stream()
                    .mapToDouble(c -> c.count()).sum();
            report.put("direct", direct)
                    .put("older_rollup_rows", direct ? "rollup rows inserted (all)" : "hour and day rows inserted (older days)",
                            olderRows)
                    .put("older_insert_s", "their insert (s)", Report.round(olderSeconds, 1))
                    .put("writer_events", "events through HistoryWriter (recent)", events)
                    .put("writer_events_per_s", "writer rate (events/s)", Report.round(events / writerSeconds, 0))
                    .put("writer_dropped", "events dropped by the writer", (long) dropped)
                    .put("pruned_rows", "rows pruned by retention", pruned)
                    .put("prune_s", "prune (s)", Report.round(pruneSeconds, 2))
                    .put("db_mb", "database size (MB, store.size())", size == null ? null
                            : Report.round(size / 1048576.0, 1));
            if (file != null) {
                report.put("file_mb", "files on disk incl. WAL (MB)", Report.round(fileBytes(file) / 1048576.0, 1));
            }
            time(store, report, from);
        }
        catch (SQLException e) {
            System.err.println("healthmon bench store: " + e.getMessage());
            return 1;
        }
        return finish(report, loadBefore);
    }

    private int finish(Report report, String loadBefore) {
        report.put("runs", runs);
        report.put("loadavg_before", "load average before", loadBefore);
        report.put("loadavg_after", "load average after", Report.loadAverage());
        report.print(out);
        return 0;
    }

    private void time(HistoryStore store, Report report, Instant from) {
        String one = name(0);
        report.put("uptime_365d_one_ms", "365-day uptime of one monitor, median (ms)",
                median(report, "uptime_365d_one_ms",
                        () -> store.uptime(one, now.minus(Duration.ofDays(365)), now).block()));
        report.put("uptime_30d_one_ms", "30-day uptime of one monitor, median (ms)",
                median(report, "uptime_30d_one_ms",
                        () -> store.uptime(one, now.minus(Duration.ofDays(30)), now).block()));
        report.put("uptime_24h_all_ms", "24 h uptime of all " + monitors + " monitors, median (ms)",
                median(report, "uptime_24h_all_ms",
                        () -> checkAll(store.uptimeAll(now.minus(Duration.ofHours(24)), now).block())));
        report.put("history_24h_one_ms", "24 h history of one monitor by minute, median (ms)",
                median(report, "history_24h_one_ms",
                        () -> store.history(one, now.minus(Duration.ofHours(24)), now, Duration.ofMinutes(1))
                        .collectList().block()));
        report.put("incidents_one_ms", "incidents of one monitor over the period, median (ms)",
                median(report, "incidents_one_ms",
                        () -> store.incidents(one, from, now, 100).collectList().block()));
        UptimeReport sample = store.uptime(one, now.minus(Duration.ofDays(30)), now).block();
        report.put("sample_uptime_30d", sample == null ? null : sample.uptime());
    }

    private Map<String, UptimeReport> checkAll(@Nullable Map<String, UptimeReport> all) {
        if (all == null || all.size() < monitors) {
            throw new IllegalStateException("uptime of all: " + (all == null ? 0 : all.size()) + " monitors, expected "
                    + monitors);
        }
        return all;
    }

    // the rollups of one resolution over [from, until), as the writer leaves them
    private long insertRollups(String url, Resolution resolution, Instant from, Instant until) throws SQLException {
        if (!until.isAfter(from)) {
            return 0;
        }
        long rows = 0;
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            String table = switch (resolution) {
                case MINUTE -> "rollup_minute";
                case HOUR -> "rollup_hour";
                case DAY -> "rollup_day";
            };
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                    + " (monitor, bucket_ms, checks, failures, latency_sum_us, latency_count, latency_min_us,"
                    + " latency_max_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                long width = resolution.width().toMillis();
                for (int m = 0; m < monitors; m++) {
                    String name = name(m);
                    for (long bucket = resolution.bucketOf(from.toEpochMilli()); bucket < until.toEpochMilli();
                            bucket += width) {
                        long start = Math.max(bucket, from.toEpochMilli());
                        long end = Math.min(bucket + width, until.toEpochMilli());
                        long checks = (end - start) / interval.toMillis();
                        if (checks == 0) {
                            continue;
                        }
                        long failures = failedChecks(m, start, end);
                        long passes = checks - failures;
                        insert.setString(1, name);
                        insert.setLong(2, bucket);
                        insert.setLong(3, checks);
                        insert.setLong(4, failures);
                        insert.setLong(5, passes * latencyMicros(m, 0));
                        insert.setLong(6, passes);
                        insert.setLong(7, latencyMicros(m, 0) - 300);
                        insert.setLong(8, latencyMicros(m, 0) + 4000);
                        insert.addBatch();
                        if (++rows % 10_000 == 0) {
                            insert.executeBatch();
                        }
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
        return rows;
    }

    // every check and status change of [recentFrom, to), and every status change before, through the real writer
    private long writeThroughWriter(HistoryStore store, Instant from, Instant recentFrom, Instant to) {
        HistoryWriter writer = HistoryWriter.create(store, Schedulers.parallel());
        long events = 0;
        List<MonitorEvent> older = new ArrayList<>();
        for (int m = 0; m < monitors; m++) {
            for (long start = outageStart(m, from.toEpochMilli()); start < recentFrom.toEpochMilli();
                    start += OUTAGE_EVERY_MS) {
                older.add(change(m, HealthStatus.UNHEALTHY, HealthStatus.HEALTHY, start));
                older.add(change(m, HealthStatus.HEALTHY, HealthStatus.UNHEALTHY, start + outageLength(m)));
            }
        }
        older.sort((a, b) -> time(a).compareTo(time(b)));
        writer.writes(Flux.fromIterable(older)).blockLast();
        events += older.size();
        long step = interval.toMillis();
        long slice = Duration.ofHours(1).toMillis();
        for (long sliceStart = recentFrom.toEpochMilli(); sliceStart < to.toEpochMilli(); sliceStart += slice) {
            List<MonitorEvent> batch = new ArrayList<>();
            long sliceEnd = Math.min(sliceStart + slice, to.toEpochMilli());
            for (long tick = sliceStart; tick < sliceEnd; tick += step) {
                for (int m = 0; m < monitors; m++) {
                    // each monitor's checks are offset within the interval, as jitter spreads them
                    long at = tick + (m * 7919L) % step;
                    boolean down = inOutage(m, at);
                    boolean wasDown = inOutage(m, at - step);
                    if (down != wasDown) {
                        batch.add(change(m, down ? HealthStatus.UNHEALTHY : HealthStatus.HEALTHY,
                                down ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY, at));
                    }
                    batch.add(new MonitorEvent.Checked(name(m), down ? Outcome.Kind.FAIL : Outcome.Kind.PASS,
                            down ? HealthStatus.UNHEALTHY : HealthStatus.HEALTHY, down ? "HTTP 503" : "HTTP 200",
                            Duration.ofNanos(latencyMicros(m, at) * 1000), Instant.ofEpochMilli(at)));
                }
            }
            batch.sort((a, b) -> time(a).compareTo(time(b)));
            writer.writes(Flux.fromIterable(batch)).blockLast();
            events += batch.size();
        }
        return events;
    }

    // the median wall time in ms; the median process CPU time goes to the report beside it (the machine may be
    // loaded: the CPU time is what a query costs, the wall time what it took)
    private double median(Report report, String key, Supplier<?> query) {
        query.get();
        List<Long> times = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long cpuStart = cpuNanos();
            long start = System.nanoTime();
            query.get();
            times.add((System.nanoTime() - start) / 1000);
            cpu.add((cpuNanos() - cpuStart) / 1000);
        }
        Collections.sort(times);
        Collections.sort(cpu);
        report.put(key.replace("_ms", "_cpu_ms"), Report.round(cpu.get(cpu.size() / 2) / 1000.0, 2));
        // in ms with µs kept: a fast query is not 0
        return Report.round(times.get(times.size() / 2) / 1000.0, 2);
    }

    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private MonitorEvent.StatusChanged change(int m, HealthStatus status, HealthStatus previous, long at) {
        boolean down = status == HealthStatus.UNHEALTHY;
        return new MonitorEvent.StatusChanged(name(m), status, previous, down ? "HTTP 503" : "HTTP 200",
                Duration.ofMillis(2), Instant.ofEpochMilli(down ? at - interval.toMillis() : at), Instant.ofEpochMilli(at),
                down ? 1 : 0);
    }

    private static Instant time(MonitorEvent event) {
        if (event instanceof MonitorEvent.Checked checked) {
            return checked.time();
        }
        return ((MonitorEvent.StatusChanged) event).time();
    }

    private long failedChecks(int m, long start, long end) {
        long failed = 0;
        for (long outage = outageStart(m, start - OUTAGE_EVERY_MS); outage < end; outage += OUTAGE_EVERY_MS) {
            long overlap = Math.min(end, outage + outageLength(m)) - Math.max(start, outage);
            if (overlap > 0) {
                failed += overlap / interval.toMillis();
            }
        }
        return failed;
    }

    private boolean inOutage(int m, long at) {
        long first = outageStart(m, 0);
        long phase = Math.floorMod(at - first, OUTAGE_EVERY_MS);
        return phase < outageLength(m);
    }

    // the first outage of monitor m at or after 'after'
    private static long outageStart(int m, long after) {
        long offset = (m * 104_729L * 1000) % OUTAGE_EVERY_MS;
        long cycles = Math.floorDiv(after - offset, OUTAGE_EVERY_MS);
        long start = offset + cycles * OUTAGE_EVERY_MS;
        return start < after ? start + OUTAGE_EVERY_MS : start;
    }

    private static long outageLength(int m) {
        return Duration.ofMinutes(2 + m % 9).toMillis();
    }

    private static long latencyMicros(int m, long at) {
        return 800 + (m % 50) * 40 + Math.floorMod(at / 1000, 7) * 30;
    }

    private String name(int m) {
        return String.format("m%0" + Integer.toString(monitors).length() + "d", m);
    }

    private static long fileBytes(Path file) {
        long bytes = 0;
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path path = Path.of(file + suffix);
            try {
                bytes += Files.isRegularFile(path) ? Files.size(path) : 0;
            }
            catch (IOException ignored) {
                // gone meanwhile: nothing to count
            }
        }
        return bytes;
    }
}
