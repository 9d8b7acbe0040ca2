package dev.healthmon.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        String sql = "SELECT t.monitor, t.at_ms, t.status, t.detail, t.id FROM monitor_state s JOIN transitions t"
                + " ON t.monitor = s.monitor AND t.at_ms = (SELECT MAX(p.at_ms) FROM transitions p"
                + " WHERE p.monitor = s.monitor AND p.at_ms <= ?)"
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

    /** Returns the sums of every monitor's rollups whose bucket starts in {@code [bucketOf(from), to)}. */
    static Map<String, Totals> allTotals(Connection connection, Resolution resolution, long from, long to)
            throws SQLException {
        String sql = "SELECT monitor, " + TOTALS + " FROM " + resolution.table()
                + " WHERE bucket_ms >= ? AND bucket_ms < ? GROUP BY monitor";
        Map<String, Totals> totals = new LinkedHashMap<>();
        Jdbc.list(connection, sql, s -> {
            s.setLong(1, resolution.bucketOf(from));
            s.setLong(2, to);
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
