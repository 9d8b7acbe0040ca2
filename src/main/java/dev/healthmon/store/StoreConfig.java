package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Where the history lives and how it is written and kept.
 *
 * <p>{@code url} picks the database: {@code jdbc:sqlite:<file>} (the default, {@code ./data/healthmon.db}; the
 * directory is created on first start) or {@code jdbc:postgresql://host:port/db} (a pooled connection).
 *
 * <pre>{@code
 * StoreConfig config = StoreConfig.defaults()
 *         .withUrl("jdbc:postgresql://127.0.0.1:5432/healthmon")
 *         .withCredentials("healthmon", secret);
 * }</pre>
 *
 * @param url the JDBC URL
 * @param user the database user, or {@code null} when the URL or the driver supplies it
 * @param password the password, or {@code null}; never shown in a message
 * @param poolSize connections in the pool (PostgreSQL; SQLite keeps it small, as it has one writer)
 * @param connectTimeout how long opening waits for a connection before it gives up
 * @param bufferLimit events the writer holds while the store is busy; the oldest are dropped beyond it
 * @param batchSize events in one batch, one transaction
 * @param batchWait how long the writer waits to fill a batch
 * @param aliveEvery how often the service records that it is alive, bounding an unmonitored gap's error
 * @param pruneEvery how often retention runs
 * @param retention how long rows are kept
 */
public record StoreConfig(String url, @Nullable String user, @Nullable String password, int poolSize,
        Duration connectTimeout, int bufferLimit, int batchSize, Duration batchWait, Duration aliveEvery,
        Duration pruneEvery, Retention retention) {

    /** The default database: a SQLite file under {@code ./data}. */
    public static final String DEFAULT_URL = "jdbc:sqlite:./data/healthmon.db";

    private static final StoreConfig DEFAULTS = new StoreConfig(DEFAULT_URL, null, null, 4, Duration.ofSeconds(10),
            10_000, 500, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofHours(1), Retention.defaults());

    public StoreConfig {
        requireNonNull(url, "url");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(batchWait, "batchWait");
        requireNonNull(aliveEvery, "aliveEvery");
        requireNonNull(pruneEvery, "pruneEvery");
        requireNonNull(retention, "retention");
        if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("url: " + Urls.redact(url)
                    + " (expected: jdbc:sqlite:<file> or jdbc:postgresql://<host>/<database>)");
        }
        if (poolSize < 1 || bufferLimit < 1 || batchSize < 1) {
            throw new IllegalArgumentException("poolSize, bufferLimit, batchSize: " + poolSize + ", " + bufferLimit
                    + ", " + batchSize + " (expected: >= 1)");
        }
        for (Duration value : new Duration[] {connectTimeout, batchWait, aliveEvery, pruneEvery}) {
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("non-positive duration " + value + " (expected: > 0)");
            }
        }
    }

    /** Returns the defaults: SQLite at {@code ./data/healthmon.db}, batches of 500 within 1 s, DESIGN's retention. */
    public static StoreConfig defaults() {
        return DEFAULTS;
    }

    /** Returns a copy with {@code url} set. */
    public StoreConfig withUrl(String value) {
        return new StoreConfig(value, user, password, poolSize, connectTimeout, bufferLimit, batchSize, batchWait,
                aliveEvery, pruneEvery, retention);
    }

    /** Returns a copy with the user and password set. */
    public StoreConfig withCredentials(@Nullable String newUser, @Nullable String newPassword) {
        return new StoreConfig(url, newUser, newPassword, poolSize, connectTimeout, bufferLimit, batchSize,
                batchWait, aliveEvery, pruneEvery, retention);
    }

    /** Returns a copy with {@code connectTimeout} set. */
    public StoreConfig withConnectTimeout(Duration value) {
        return new StoreConfig(url, user, password, poolSize, value, bufferLimit, batchSize, batchWait, aliveEvery,
                pruneEvery, retention);
    }

    /** Returns a copy with the writer's buffer limit, batch size and batch wait set. */
    public StoreConfig withBatching(int newBufferLimit, int newBatchSize, Duration newBatchWait) {
        return new StoreConfig(url, user, password, poolSize, connectTimeout, newBufferLimit, newBatchSize,
                newBatchWait, aliveEvery, pruneEvery, retention);
    }

    /** Returns a copy with {@code retention} set. */
    public StoreConfig withRetention(Retention value) {
        return new StoreConfig(url, user, password, poolSize, connectTimeout, bufferLimit, batchSize, batchWait,
                aliveEvery, pruneEvery, value);
    }

    /** Returns whether the URL names a SQLite database. */
    public boolean isSqlite() {
        return url.startsWith("jdbc:sqlite:");
    }

    /** Returns the URL with any password in it masked, fit for a log or an error message. */
    public String redactedUrl() {
        return Urls.redact(url);
    }

    @Override
    public String toString() {
        return "StoreConfig[url=" + redactedUrl() + ", user=" + user + ", poolSize=" + poolSize + ", bufferLimit="
                + bufferLimit + ", batchSize=" + batchSize + ", batchWait=" + batchWait + ", retention=" + retention
                + "]";
    }
}
