package dev.healthmon.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of durations in microseconds: 10 µs buckets up to 100 ms, 1 ms buckets up to 60 s, the
 * exact maximum. Enough to tell p50 and p99 of lateness and delivery delays apart from one another.
 */
final class Histogram {

    private static final long FINE_LIMIT = 100_000;
    private static final int FINE = (int) (FINE_LIMIT / 10);
    private static final int COARSE = 60_000;

    private final AtomicLongArray buckets = new AtomicLongArray(FINE + COARSE);
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong count = new AtomicLong();

    void record(long micros) {
        long value = Math.max(0, micros);
        int bucket = value < FINE_LIMIT ? (int) (value / 10)
                : FINE + (int) Math.min(COARSE - 1, (value - FINE_LIMIT) / 1000);
        buckets.incrementAndGet(bucket);
        count.incrementAndGet();
        max.accumulateAndGet(value, Math::max);
    }

    long count() {
        return count.get();
    }

    long maxMicros() {
        return max.get();
    }

    /** Returns the upper bound of the bucket that holds the {@code p}-th percentile, in µs; 0 when empty. */
    long percentileMicros(double p) {
        long total = 0;
        for (int i = 0; i < buckets.length(); i++) {
            total += buckets.get(i);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * p / 100.0);
        long seen = 0;
        for (int i = 0; i < buckets.length(); i++) {
            seen += buckets.get(i);
            if (seen >= rank) {
                long upper = i < FINE ? (i + 1) * 10L : FINE_LIMIT + (i - FINE + 1) * 1000L;
                return Math.min(upper, max.get());
            }
        }
        return max.get();
    }
}
