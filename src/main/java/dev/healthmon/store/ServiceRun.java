package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One run of the service: from its start to its last sign of life; the time between runs was unmonitored.
 *
 * @param id the store's id
 * @param started when it started
 * @param alive when it last said it was alive
 * @param ended when it stopped cleanly, or {@code null} while it runs or when it died
 */
public record ServiceRun(long id, Instant started, Instant alive, @Nullable Instant ended) {

    public ServiceRun {
        requireNonNull(started, "started");
        requireNonNull(alive, "alive");
    }

    /** Returns the end of the time this run saw: its clean end, else its last sign of life. */
    public Instant lastSeen() {
        return ended != null ? ended : alive;
    }
}
