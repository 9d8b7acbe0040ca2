package dev.healthmon.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;

/** Opens the database: checks a SQLite file before touching it, starts the pool, runs the migrations. Blocking. */
final class Database {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final Set<PosixFilePermission> WRITE = EnumSet.of(PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private Database() {
    }

    static HikariDataSource open(StoreConfig config) {
        Dialect dialect = Dialect.of(config);
        if (dialect == Dialect.SQLITE) {
            prepareSqlite(config);
        }
        HikariDataSource pool = pool(config, dialect);
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .placeholders(dialect.placeholders())
                    .load()
                    .migrate();
            return pool;
        }
        catch (FlywayException | IllegalStateException e) {
            pool.close();
            throw StoreErrors.unavailable(config, "migrating", e);
        }
    }

    private static HikariDataSource pool(StoreConfig config, Dialect dialect) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("healthmon-store");
        hikari.setJdbcUrl(config.url());
        if (config.user() != null) {
            hikari.setUsername(config.user());
        }
        if (config.password() != null) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(Math.max(250, config.connectTimeout().toMillis()));
        // one attempt at start: an unreachable server is reported at once instead of retried in the background
        hikari.setInitializationFailTimeout(1);
        if (dialect == Dialect.SQLITE) {
            // a second writer (another process on the same file) is waited for, not failed at once
            hikari.addDataSourceProperty("busy_timeout", Long.toString(config.connectTimeout().toMillis()));
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            if (isMemory(config)) {
                hikari.setMaximumPoolSize(1);
                hikari.setMaxLifetime(0);
                hikari.setIdleTimeout(0);
            }
        }
        else {
            hikari.addDataSourceProperty("connectTimeout",
                    Long.toString(Math.max(1, config.connectTimeout().toSeconds())));
            hikari.addDataSourceProperty("ApplicationName", "healthmon");
        }
        try {
            return new HikariDataSource(hikari);
        }
        catch (HikariPool.PoolInitializationException e) {
            throw StoreErrors.unavailable(config, "connecting", e);
        }
    }

    // nothing is written to an existing file until it is known to be a SQLite database that may be written
    private static void prepareSqlite(StoreConfig config) {
        if (isMemory(config)) {
            return;
        }
        Path file = sqlitePath(config);
        if (Files.exists(file)) {
            checkExisting(config, file);
        }
        else {
            createDirectory(config, file);
        }
        try (Connection connection = DriverManager.getConnection(config.url());
                Statement statement = connection.createStatement()) {
            // only takes effect before the first table exists, which is why it comes before the migrations
            statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
            statement.execute("PRAGMA journal_mode = WAL");
        }
        catch (SQLException e) {
            throw StoreErrors.unavailable(config, "opening", e);
        }
    }

    private static void checkExisting(StoreConfig config, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StoreUnavailableException("history store " + config.redactedUrl() + ": " + file
                    + " is not a regular file");
        }
        try {
            if (Files.size(file) > 0 && !hasSqliteHeader(file)) {
                throw new StoreUnavailableException("history store " + config.redactedUrl() + ": " + file
                        + " is not a SQLite database (corrupt or another kind of file); it was left untouched");
            }
            if (!Files.isWritable(file) || readOnlyByMode(file)) {
                throw new StoreUnavailableException("history store " + config.redactedUrl() + ": " + file
                        + " is read-only; give the service write access to it and its directory");
            }
        }
        catch (IOException e) {
            throw new StoreUnavailableException("history store " + config.redactedUrl() + ": cannot read " + file
                    + ": " + e.getMessage(), e);
        }
    }

    // root may write any file, so a file without write bits is taken as meant to be read-only
    private static boolean readOnlyByMode(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.stream().noneMatch(WRITE::contains);
        }
        catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: Files.isWritable has answered already
            return false;
        }
    }

    private static boolean hasSqliteHeader(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(SQLITE_HEADER.length), SQLITE_HEADER);
        }
    }

    private static void createDirectory(StoreConfig config, Path file) {
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null) {
            return;
        }
        try {
            Files.createDirectories(directory);
        }
        catch (IOException e) {
            throw new StoreUnavailableException("history store " + config.redactedUrl()
                    + ": cannot create the directory " + directory + ": " + e, e);
        }
    }

    static boolean isMemory(StoreConfig config) {
        String path = rawPath(config);
        return path.isEmpty() || path.contains(":memory:") || path.contains("mode=memory");
    }

    static Path sqlitePath(StoreConfig config) {
        String path = rawPath(config);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        try {
            return Path.of(path);
        }
        catch (InvalidPathException e) {
            throw new StoreUnavailableException("history store " + config.redactedUrl() + ": invalid path " + path,
                    e);
        }
    }

    static @Nullable Path sqliteFile(StoreConfig config) {
        return config.isSqlite() && !isMemory(config) ? sqlitePath(config) : null;
    }

    private static String rawPath(StoreConfig config) {
        return config.url().substring("jdbc:sqlite:".length());
    }
}
