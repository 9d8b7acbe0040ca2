package dev.healthmon.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Retention: deletes old rows in bounded chunks, each its own short statement, so that neither a writer nor a
 * reader waits long; SQLite then frees pages with {@code PRAGMA incremental_vacuum(N)}, never a full vacuum.
 * Blocking.
 */
final class Pruner {

    private static final String ROLLUP = "DELETE FROM %1$s WHERE (monitor, bucket_ms) IN"
            + " (SELECT monitor, bucket_ms FROM %1$s WHERE bucket_ms < ? LIMIT ?)";
    // keeps each monitor's last transition before the cut: it gives the status at the start of any later period
    private static final String TRANSITIONS = "DELETE FROM transitions WHERE id IN (SELECT t.id FROM transitions t"
            + " WHERE t.at_ms < ? AND EXISTS (SELECT 1 FROM transitions n WHERE n.monitor = t.monitor"
            + " AND n.at_ms < ? AND (n.at_ms > t.at_ms OR (n.at_ms = t.at_ms AND n.id > t.id))) LIMIT ?)";
    // keeps the latest run: the gap after it is measured from it
    private static final String RUNS = "DELETE FROM service_runs WHERE id IN (SELECT id FROM service_runs"
            + " WHERE alive_ms < ? AND id < (SELECT MAX(id) FROM service_runs) LIMIT ?)";
    private static final String MAINTENANCE = "DELETE FROM maintenance_spans WHERE id IN"
            + " (SELECT id FROM maintenance_spans WHERE to_ms < ? LIMIT ?)";
    private static final String OUTBOX = "DELETE FROM outbox WHERE id IN"
            + " (SELECT id FROM outbox WHERE delivered_ms IS NOT NULL AND delivered_ms < ? LIMIT ?)";

    private final Jdbc jdbc;
    private final Dialect dialect;
    private final Retention retention;

    Pruner(Jdbc jdbc, Dialect dialect, Retention retention) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.retention = retention;
    }

    /** Returns the rows deleted. */
    long prune(Instant now) throws SQLException {
        long deleted = 0;
        for (Resolution resolution : Resolution.values()) {
            deleted += chunks(String.format(ROLLUP, resolution.table()), cut(now, retention.of(resolution)), 1);
        }
        long history = cut(now, retention.transitions());
        deleted += chunks(TRANSITIONS, history, 2);
        deleted += chunks(RUNS, history, 1);
        deleted += chunks(MAINTENANCE, history, 1);
        deleted += chunks(OUTBOX, cut(now, retention.deliveredNotifications()), 1);
        if (dialect == Dialect.SQLITE && deleted > 0) {
            jdbc.withConnection(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA incremental_vacuum(" + retention.vacuumPages() + ")");
                }
                return null;
            });
        }
        return deleted;
    }

    private long chunks(String sql, long cut, int cutParameters) throws SQLException {
        long deleted = 0;
        for (int chunk = 0; chunk < retention.maxChunks(); chunk++) {
            int rows = jdbc.inTransaction(connection -> delete(connection, sql, cut, cutParameters));
            deleted += rows;
            if (rows < retention.chunkRows()) {
                break;
            }
        }
        return deleted;
    }

    private int delete(Connection connection, String sql, long cut, int cutParameters) throws SQLException {
        return Jdbc.update(connection, sql, s -> {
            for (int i = 1; i <= cutParameters; i++) {
                s.setLong(i, cut);
            }
            s.setInt(cutParameters + 1, retention.chunkRows());
        });
    }

    private static long cut(Instant now, java.time.Duration keep) {
        return now.minus(keep).toEpochMilli();
    }
}
