package dev.healthmon.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import dev.healthmon.core.model.MonitorEvent.Notification.Kind;

/** Saved monitors, the outbox, service runs and maintenance spans: small rows written one at a time. Blocking. */
final class RecordSql {

    private RecordSql() {
    }

    static int saveMonitor(Connection connection, String name, String settings, Instant at) throws SQLException {
        return Jdbc.update(connection, "INSERT INTO saved_monitors (name, settings, updated_ms) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET settings = excluded.settings, updated_ms = excluded.updated_ms",
                s -> {
                    s.setString(1, name);
                    s.setString(2, settings);
                    s.setLong(3, at.toEpochMilli());
                });
    }

    static boolean deleteMonitor(Connection connection, String name) throws SQLException {
        Jdbc.update(connection, "DELETE FROM monitor_state WHERE monitor = ?", s -> s.setString(1, name));
        return Jdbc.update(connection, "DELETE FROM saved_monitors WHERE name = ?", s -> s.setString(1, name)) > 0;
    }

    static List<SavedMonitor> savedMonitors(Connection connection) throws SQLException {
        return Jdbc.list(connection, "SELECT name, settings, updated_ms FROM saved_monitors ORDER BY name", s -> { },
                rows -> new SavedMonitor(rows.getString(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3))));
    }

    static List<StoredState> states(Connection connection) throws SQLException {
        return Jdbc.list(connection, "SELECT " + BatchSql.STATE_COLUMNS + " FROM monitor_state ORDER BY monitor",
                s -> { }, BatchSql::state);
    }

    static boolean enqueue(Connection connection, OutboxKey key, String provider, String payload, Instant at)
            throws SQLException {
        return Jdbc.update(connection, "INSERT INTO outbox (monitor, outage, kind, provider, payload, created_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (monitor, outage, kind, provider) DO NOTHING", s -> {
                    bindKey(s, key, provider);
                    s.setString(5, payload);
                    s.setLong(6, at.toEpochMilli());
                }) > 0;
    }

    static boolean acknowledge(Connection connection, OutboxKey key, String provider, Instant at)
            throws SQLException {
        return Jdbc.update(connection, "UPDATE outbox SET delivered_ms = ? WHERE monitor = ? AND outage = ?"
                + " AND kind = ? AND provider = ? AND delivered_ms IS NULL", s -> {
                    s.setLong(1, at.toEpochMilli());
                    s.setString(2, key.monitor());
                    s.setString(3, key.outage());
                    s.setString(4, key.kind().name());
                    s.setString(5, provider);
                }) > 0;
    }

    static List<PendingDelivery> pending(Connection connection) throws SQLException {
        return Jdbc.list(connection, "SELECT monitor, outage, kind, provider, payload, created_ms FROM outbox"
                + " WHERE delivered_ms IS NULL ORDER BY id", s -> { }, RecordSql::pending);
    }

    static long beginRun(Connection connection, Instant at) throws SQLException {
        List<Long> ids = Jdbc.list(connection, "INSERT INTO service_runs (started_ms, alive_ms) VALUES (?, ?)"
                + " RETURNING id", s -> {
                    s.setLong(1, at.toEpochMilli());
                    s.setLong(2, at.toEpochMilli());
                }, rows -> rows.getLong(1));
        return ids.get(0);
    }

    static boolean markAlive(Connection connection, long run, Instant at) throws SQLException {
        return Jdbc.update(connection, "UPDATE service_runs SET alive_ms = ? WHERE id = ?", s -> {
            s.setLong(1, at.toEpochMilli());
            s.setLong(2, run);
        }) > 0;
    }

    static boolean endRun(Connection connection, long run, Instant at) throws SQLException {
        return Jdbc.update(connection, "UPDATE service_runs SET alive_ms = ?, ended_ms = ? WHERE id = ?", s -> {
            s.setLong(1, at.toEpochMilli());
            s.setLong(2, at.toEpochMilli());
            s.setLong(3, run);
        }) > 0;
    }

    static long addMaintenance(Connection connection, MaintenanceSpan span) throws SQLException {
        List<Long> ids = Jdbc.list(connection, "INSERT INTO maintenance_spans (monitor, from_ms, to_ms, reason)"
                + " VALUES (?, ?, ?, ?) RETURNING id", s -> {
                    s.setString(1, span.monitor());
                    s.setLong(2, span.from().toEpochMilli());
                    s.setLong(3, span.to().toEpochMilli());
                    s.setString(4, span.reason());
                }, rows -> rows.getLong(1));
        return ids.get(0);
    }

    static boolean removeMaintenance(Connection connection, long id) throws SQLException {
        return Jdbc.update(connection, "DELETE FROM maintenance_spans WHERE id = ?", s -> s.setLong(1, id)) > 0;
    }

    static long size(Connection connection, Dialect dialect) throws SQLException {
        return Jdbc.list(connection, dialect.sizeQuery(), s -> { }, rows -> rows.getLong(1)).get(0);
    }

    private static void bindKey(PreparedStatement s, OutboxKey key, String provider) throws SQLException {
        s.setString(1, key.monitor());
        s.setString(2, key.outage());
        s.setString(3, key.kind().name());
        s.setString(4, provider);
    }

    private static PendingDelivery pending(ResultSet rows) throws SQLException {
        OutboxKey key = new OutboxKey(rows.getString(1), rows.getString(2), Kind.valueOf(rows.getString(3)));
        return new PendingDelivery(key, rows.getString(4), rows.getString(5), Instant.ofEpochMilli(rows.getLong(6)));
    }
}
