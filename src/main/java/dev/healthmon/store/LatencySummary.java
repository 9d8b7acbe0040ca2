package dev.healthmon.store;

import org.jspecify.annotations.Nullable;

/**
 * Latency of the passing checks over a period, in milliseconds; each {@code null} when there was none.
 *
 * @param avg the mean
 * @param min the smallest
 * @param max the largest
 */
public record LatencySummary(@Nullable Double avg, @Nullable Double min, @Nullable Double max) {

    static final LatencySummary NONE = new LatencySummary(null, null, null);
}
