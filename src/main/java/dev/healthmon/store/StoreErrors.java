package dev.healthmon.store;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/** Turns driver and pool failures into messages that name the database (without its password) and the problem. */
final class StoreErrors {

    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;

    private StoreErrors() {
    }

    static StoreUnavailableException unavailable(StoreConfig config, String doing, Throwable cause) {
        return new StoreUnavailableException("history store " + config.redactedUrl() + ": " + problem(config, cause)
                + " (while " + doing + ")", cause);
    }

    private static String problem(StoreConfig config, Throwable cause) {
        SQLException sql = find(cause);
        if (config.isSqlite() && sql != null) {
            switch (sql.getErrorCode() & 0xff) {
                case SQLITE_READONLY:
                    return "the database is read-only; give the service write access to the file and its directory";
                case SQLITE_CORRUPT, SQLITE_NOTADB:
                    return "the file is corrupt or not a SQLite database; it was left untouched";
                case SQLITE_FULL:
                    return "the disk is full";
                case SQLITE_CANTOPEN:
                    return "cannot open the file; check that its directory exists and may be written";
                default:
                    break;
            }
        }
        if (!config.isSqlite()) {
            String user = config.user() == null ? "" : " as user '" + config.user() + "'";
            return "cannot use PostgreSQL" + user + ": " + rootMessage(cause);
        }
        return rootMessage(cause);
    }

    private static @Nullable SQLException find(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return Urls.redact(message == null ? root.getClass().getSimpleName() : message);
    }
}
