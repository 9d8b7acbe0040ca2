package dev.healthmon.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;

/** Writes one {@link BatchPlan} on one connection, inside the caller's transaction. Blocking. */
final class BatchSql {

    private static final String INSERT_TRANSITION =
            "INSERT INTO transitions (monitor, at_ms, status, previous, detail) VALUES (?, ?, ?, ?, ?)";
    private static final String UPSERT_ROLLUP = "INSERT INTO %1$s (monitor, bucket_ms, checks, failures,"
            + " latency_sum_us, latency_count, latency_min_us, latency_max_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (monitor, bucket_ms) DO UPDATE SET"
            + " checks = %1$s.checks + excluded.checks,"
            + " failures = %1$s.failures + excluded.failures,"
            + " latency_sum_us = %1$s.latency_sum_us + excluded.latency_sum_us,"
            + " latency_count = %1$s.latency_count + excluded.latency_count,"
            + " latency_min_us = CASE WHEN %1$s.latency_min_us IS NULL OR excluded.latency_min_us < %1$s.latency_min_us"
            + " THEN excluded.latency_min_us ELSE %1$s.latency_min_us END,"
            + " latency_max_us = CASE WHEN %1$s.latency_max_us IS NULL OR excluded.latency_max_us > %1$s.latency_max_us"
            + " THEN excluded.latency_max_us ELSE %1$s.latency_max_us END";
    static final String STATE_COLUMNS = "monitor, status, since_ms, last_seen_ms, last_check_ms, consecutive_failures,"
            + " down_sent, outage_start_ms, detail";
    private static final String UPSERT_STATE = "INSERT INTO monitor_state (" + STATE_COLUMNS + ", updated_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (monitor) DO UPDATE SET"
            + " status = excluded.status, since_ms = excluded.since_ms, last_seen_ms = excluded.last_seen_ms,"
            + " last_check_ms = excluded.last_check_ms, consecutive_failures = excluded.consecutive_failures,"
            + " down_sent = excluded.down_sent, outage_start_ms = excluded.outage_start_ms,"
            + " detail = excluded.detail, updated_ms = excluded.updated_ms";
    private static final int IN_LIST = 200;

    private BatchSql() {
    }

    /** Returns the rows written: transitions, rollup upserts and states. */
    static int write(Connection connection, BatchPlan plan, long nowMillis) throws SQLException {
        int rows = transitions(connection, plan.transitions);
        for (Map.Entry<Resolution, Map<BatchPlan.RollupKey, BatchPlan.Rollup>> entry : plan.rollups.entrySet()) {
            rows += rollups(connection, entry.getKey(), entry.getValue());
        }
        return rows + states(connection, plan, nowMillis);
    }

    private static int transitions(Connection connection, List<MonitorEvent.StatusChanged> changes)
            throws SQLException {
        if (changes.isEmpty()) {
            return 0;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_TRANSITION)) {
            for (MonitorEvent.StatusChanged change : changes) {
                insert.setString(1, change.name());
                insert.setLong(2, change.time().toEpochMilli());
                insert.setString(3, change.status().toString());
                insert.setString(4, change.previous().toString());
                insert.setString(5, change.detail());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return changes.size();
    }

    private static int rollups(Connection connection, Resolution resolution,
            Map<BatchPlan.RollupKey, BatchPlan.Rollup> buckets) throws SQLException {
        if (buckets.isEmpty()) {
            return 0;
        }
        try (PreparedStatement upsert = connection.prepareStatement(String.format(UPSERT_ROLLUP, resolution.table()))) {
            for (Map.Entry<BatchPlan.RollupKey, BatchPlan.Rollup> entry : buckets.entrySet()) {
                BatchPlan.Rollup rollup = entry.getValue();
                upsert.setString(1, entry.getKey().monitor());
                upsert.setLong(2, entry.getKey().bucket());
                upsert.setLong(3, rollup.checks);
                upsert.setLong(4, rollup.failures);
                upsert.setLong(5, rollup.latencySum);
                upsert.setLong(6, rollup.latencyCount);
                if (rollup.latencyCount == 0) {
                    upsert.setNull(7, java.sql.Types.BIGINT);
                    upsert.setNull(8, java.sql.Types.BIGINT);
                }
                else {
                    upsert.setLong(7, rollup.latencyMin);
                    upsert.setLong(8, rollup.latencyMax);
                }
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        return buckets.size();
    }

    // read, fold, write back: the writer is the only one that changes monitor_state, one batch at a time
    private static int states(Connection connection, BatchPlan plan, long nowMillis) throws SQLException {
        if (plan.stateEvents.isEmpty()) {
            return 0;
        }
        Map<String, StoredState> stored = load(connection, new ArrayList<>(plan.monitors()));
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_STATE)) {
            int rows = 0;
            for (Map.Entry<String, List<HistoryEntry>> entry : plan.stateEvents.entrySet()) {
                StoredState next = StateFold.apply(stored.get(entry.getKey()), entry.getValue());
                if (next == null) {
                    continue;
                }
                upsert.setString(1, next.name());
                upsert.setString(2, next.status().toString());
                upsert.setLong(3, next.since().toEpochMilli());
                Jdbc.setTime(upsert, 4, next.lastSeen());
                Jdbc.setTime(upsert, 5, next.lastCheck());
                upsert.setInt(6, next.consecutiveFailures());
                upsert.setBoolean(7, next.downSent());
                Jdbc.setTime(upsert, 8, next.outageStart());
                upsert.setString(9, next.detail());
                upsert.setLong(10, nowMillis);
                upsert.addBatch();
                rows++;
            }
            upsert.executeBatch();
            return rows;
        }
    }

    private static Map<String, StoredState> load(Connection connection, List<String> names) throws SQLException {
        Map<String, StoredState> states = new HashMap<>();
        for (int start = 0; start < names.size(); start += IN_LIST) {
            List<String> chunk = names.subList(start, Math.min(names.size(), start + IN_LIST));
            String sql = "SELECT " + STATE_COLUMNS + " FROM monitor_state WHERE monitor IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            for (StoredState state : Jdbc.list(connection, sql, statement -> {
                for (int i = 0; i < chunk.size(); i++) {
                    statement.setString(i + 1, chunk.get(i));
                }
            }, BatchSql::state)) {
                states.put(state.name(), state);
            }
        }
        return states;
    }

    static StoredState state(java.sql.ResultSet rows) throws SQLException {
        return new StoredState(rows.getString("monitor"), HealthStatus.parse(rows.getString("status")),
                java.time.Instant.ofEpochMilli(rows.getLong("since_ms")), Jdbc.time(rows, "last_seen_ms"),
                Jdbc.time(rows, "last_check_ms"), rows.getInt("consecutive_failures"), rows.getBoolean("down_sent"),
                Jdbc.time(rows, "outage_start_ms"), rows.getString("detail"));
    }
}
