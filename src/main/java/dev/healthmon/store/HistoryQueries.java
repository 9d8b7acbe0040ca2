package dev.healthmon.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.healthmon.core.model.HealthStatus;
import org.jspecify.annotations.Nullable;

/** The read queries: transitions, runs, maintenance and rollups over a period. Blocking. */
final class HistoryQueries {

    private static final String CHANGE_COLUMNS = "monitor, at_ms, status, detail, id";
    private static final String ENDING = "('healthy', 'napping', 'stopped')";
    private static final String TOTALS = "SUM(checks), SUM(failures), SUM(latency_sum_us), SUM(latency_count),"
            + " MIN(latency_min_us), MAX(latency_max_us)";

    private HistoryQueries() {
    }

    /** Returns the transitions in {@code (from, to)}, led by the last one at or before {@code from}. */
    static List<StatusChange> changes(Connection connection, String name, long from, long to) throws SQLException {
        String sql = "SELECT " + CHANGE_COLUMNS + " FROM transitions WHERE monitor = ? AND at_ms < ? AND at_ms >="
                + " COALESCE((SELECT MAX(at_ms) FROM transitions WHERE monitor = ? AND at_ms <= ?), ?)"
                + " ORDER BY at_ms, id";
        return Jdbc.list(connection, sql, s -> {
            s.setString(1, name);
            s.setLong(2, to);
            s.setString(3, name);
            s.setLong(4, from);
            s.setLong(5, from);
        }, HistoryQueries::change);
    }

    /** Returns the transitions before {@code to}, from the last end of an outage at or before {@code from}. */
    static List<StatusChange> outageChanges(Connection connection, String name, long from, long to)
            throws SQLException {
        String sql = "SELECT " + CHANGE_COLUMNS + " FROM transitions WHERE monitor = ? AND at_ms < ? AND at_ms >="
                + " COALESCE((SELECT MAX(at_ms) FROM transitions WHERE monitor = ? AND at_ms <= ? AND status IN "
                + ENDING + "), 0) ORDER BY at_ms, id";
        return Jdbc.list(connection, sql, s -> {
            s.setString(1, name);
            s.setLong(2, to);
            s.setString(3, name);
            s.setLong(4, from);
        }, HistoryQueries::change);
    }

    /** Returns every monitor's transitions in {@code (from, to)}, each led by its last one at or before from. */
    static Map<String, List<StatusChange>> allChanges(Connection connection, long from, long to)
            throws SQLException {
        // one indexed look-up of the last change per monitor: not a look-up per change ever stored
        String sql = "SELECT t.monitor, t.at_ms, t.status, t.detail, t.id FROM monitor_state s JOIN transitions t"
                + " ON t.id = (SELECT p.id FROM transitions p WHERE p.monitor = s.monitor AND p.at_ms <= ?"
                + " ORDER BY p.at_ms DESC, p.id DESC LIMIT 1)"
                + " UNION ALL SELECT " + CHANGE_COLUMNS + " FROM transitions WHERE at_ms > ? AND at_ms < ?"
                + " ORDER BY 1, 2, 5";
        Map<String, List<StatusChange>> changes = new LinkedHashMap<>();
        Jdbc.list(connection, sql, s -> {
            s.setLong(1, from);
            s.setLong(2, from);
            s.setLong(3, to);
        }, rows -> changes.computeIfAbsent(rows.getString(1), name -> new ArrayList<>()).add(change(rows)));
        return changes;
    }

    /** Returns the names of every monitor with a stored state. */
    static List<String> monitors(Connection connection) throws SQLException {
        return Jdbc.list(connection, "SELECT monitor FROM monitor_state ORDER BY monitor", s -> { },
                rows -> rows.getString(1));
    }

    /** Returns the runs that bound the unmonitored gaps of {@code [from, to)}, in start order. */
    static List<ServiceRun> runs(Connection connection, long from, long to) throws SQLException {
        String sql = "SELECT id, started_ms, alive_ms, ended_ms FROM service_runs WHERE started_ms >="
                + " COALESCE((SELECT MAX(started_ms) FROM service_runs WHERE started_ms <= ?), 0) AND started_ms <="
                + " COALESCE((SELECT MIN(started_ms) FROM service_runs WHERE started_ms > ?), ?)"
                + " ORDER BY started_ms, id";
        return Jdbc.list(connection, sql, s -> {
            s.setLong(1, from);
            s.setLong(2, to);
            s.setLong(3, to);
        }, rows -> new ServiceRun(rows.getLong(1), Instant.ofEpochMilli(rows.getLong(2)),
                Instant.ofEpochMilli(rows.getLong(3)), Jdbc.time(rows, "ended_ms")));
    }

    /** Returns the maintenance spans that overlap {@code [from, to)}, for every monitor. */
    static List<MaintenanceSpan> maintenance(Connection connection, long from, long to) throws SQLException {
        String sql = "SELECT id, monitor, from_ms, to_ms, reason FROM maintenance_spans WHERE from_ms < ?"
                + " AND to_ms > ? ORDER BY from_ms, id";
        return Jdbc.list(connection, sql, s -> {
            s.setLong(1, to);
            s.setLong(2, from);
        }, rows -> new MaintenanceSpan(rows.getLong(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3)),
                Instant.ofEpochMilli(rows.getLong(4)), rows.getString(5)));
    }

    /** Returns the sums of one monitor's rollups whose bucket starts in {@code [bucketOf(from), to)}. */
    static Totals totals(Connection connection, Resolution resolution, String name, long from, long to)
            throws SQLException {
        String sql = "SELECT monitor, " + TOTALS + " FROM " + resolution.table()
                + " WHERE monitor = ? AND bucket_ms >= ? AND bucket_ms < ? GROUP BY monitor";
        List<Totals> found = Jdbc.list(connection, sql, s -> {
            s.setString(1, name);
            s.setLong(2, resolution.bucketOf(from));
            s.setLong(3, to);
        }, HistoryQueries::totals);
        return found.isEmpty() ? Totals.NONE : found.get(0);
    }

    /**
     * Returns the sums of every monitor's rollups whose bucket starts in {@code [bucketOf(from), to)}. The whole
     * buckets of the next coarser resolution inside the period are read from its table (an hour row holds the sum
     * of its minute rows, a day row of its hour rows), the edges from the finer one: a day of minutes is read as
     * at most two hours of minute rows and the hours between.
     */
    static Map<String, Totals> allTotals(Connection connection, Resolution resolution, long from, long to)
            throws SQLException {
        long start = resolution.bucketOf(from);
        Resolution coarser = coarser(resolution);
        if (coarser != null) {
            long middleStart = coarser.bucketOf(start) == start ? start
                    : coarser.bucketOf(start) + coarser.width().toMillis();
            long middleEnd = coarser.bucketOf(to);
            if (middleStart < middleEnd) {
                Map<String, Totals> totals = new TreeMap<>();
                merge(totals, rangeTotals(connection, resolution, start, middleStart));
                merge(totals, rangeTotals(connection, coarser, middleStart, middleEnd));
                merge(totals, rangeTotals(connection, resolution, middleEnd, to));
                return new LinkedHashMap<>(totals);
            }
        }
        return rangeTotals(connection, resolution, start, to);
    }

    // rows of one table whose bucket starts in [start, end), per monitor: the monitors are walked one by one down
    // the day table's primary key (each has a day row while it has any), so that each monitor's rows are a range
    // of the primary key instead of a scan of the whole table
    private static Map<String, Totals> rangeTotals(Connection connection, Resolution resolution, long start,
            long end) throws SQLException {
        Map<String, Totals> totals = new LinkedHashMap<>();
        if (start >= end) {
            return totals;
        }
        String sql = "WITH RECURSIVE m(name) AS (SELECT MIN(monitor) FROM rollup_day"
                + " UNION ALL SELECT (SELECT MIN(monitor) FROM rollup_day WHERE monitor > m.name) FROM m"
                + " WHERE m.name IS NOT NULL)"
                + " SELECT r.monitor, " + TOTALS.replace("(", "(r.") + " FROM m JOIN " + resolution.table()
                + " r ON r.monitor = m.name AND r.bucket_ms >= ? AND r.bucket_ms < ? GROUP BY r.monitor";
        Jdbc.list(connection, sql, s -> {
            s.setLong(1, start);
            s.setLong(2, end);
        }, rows -> totals.put(rows.getString(1), totals(rows)));
        return totals;
    }

    /** Returns every monitor's day rollups whose bucket starts in {@code [from, to)}, by name, then by day. */
    static Map<String, Map<Long, Totals>> allDays(Connection connection, long from, long to) throws SQLException {
        String sql = "SELECT monitor, checks, failures, latency_sum_us, latency_count, latency_min_us, latency_max_us,"
                + " bucket_ms FROM rollup_day WHERE bucket_ms >= ? AND bucket_ms < ?";
        Map<String, Map<Long, Totals>> days = new LinkedHashMap<>();
        Jdbc.list(connection, sql, s -> {
            s.setLong(1, from);
            s.setLong(2, to);
        }, rows -> days.computeIfAbsent(rows.getString(1), name -> new LinkedHashMap<>())
                .put(rows.getLong(8), totals(rows)));
        return days;
    }

    private static void merge(Map<String, Totals> into, Map<String, Totals> more) {
        more.forEach((name, totals) -> into.merge(name, totals, Totals::plus));
    }

    private static @Nullable Resolution coarser(Resolution resolution) {
        return switch (resolution) {
            case MINUTE -> Resolution.HOUR;
            case HOUR -> Resolution.DAY;
            case DAY -> null;
        };
    }

    /** Returns one monitor's rollups summed per step, keyed by the start of the step, in time order. */
    static Map<Long, Totals> steps(Connection connection, Resolution resolution, String name, long from, long to,
            long step) throws SQLException {
        String sql = "SELECT (bucket_ms / ?) * ? AS slot, " + TOTALS + " FROM " + resolution.table()
                + " WHERE monitor = ? AND bucket_ms >= ? AND bucket_ms < ? GROUP BY slot ORDER BY slot";
        Map<Long, Totals> steps = new LinkedHashMap<>();
        Jdbc.list(connection, sql, s -> {
            s.setLong(1, step);
            s.setLong(2, step);
            s.setString(3, name);
            s.setLong(4, Math.floorDiv(from, step) * step);
            s.setLong(5, to);
        }, rows -> steps.put(rows.getLong(1), totals(rows)));
        return steps;
    }

    private static Totals totals(java.sql.ResultSet rows) throws SQLException {
        return new Totals(rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5),
                Jdbc.nullableLong(rows, 6), Jdbc.nullableLong(rows, 7));
    }

    private static StatusChange change(java.sql.ResultSet rows) throws SQLException {
        return new StatusChange(Instant.ofEpochMilli(rows.getLong(2)), HealthStatus.parse(rows.getString(3)),
                rows.getString(4));
    }

    /** Sums of rollups; latencies in microseconds. */
    record Totals(long checks, long failures, long latencySum, long latencyCount, @Nullable Long latencyMin,
            @Nullable Long latencyMax) {

        static final Totals NONE = new Totals(0, 0, 0, 0, null, null);

        Totals plus(Totals other) {
            return new Totals(checks + other.checks, failures + other.failures, latencySum + other.latencySum,
                    latencyCount + other.latencyCount, least(latencyMin, other.latencyMin),
                    most(latencyMax, other.latencyMax));
        }

        private static @Nullable Long least(@Nullable Long a, @Nullable Long b) {
            return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
        }

        private static @Nullable Long most(@Nullable Long a, @Nullable Long b) {
            return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
        }

        LatencySummary latency() {
            if (latencyCount == 0) {
                return LatencySummary.NONE;
            }
            return new LatencySummary(latencySum / 1000.0 / latencyCount, millis(latencyMin), millis(latencyMax));
        }

        static @Nullable Double millis(@Nullable Long micros) {
            return micros == null ? null : micros / 1000.0;
        }
    }
}
