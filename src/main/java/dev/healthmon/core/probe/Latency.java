package dev.healthmon.core.probe;

import java.time.Duration;

/** Measures how long a target took, on the monotonic clock. */
final class Latency {

    private Latency() {
    }

    /** Returns the monotonic time now, to be passed to {@link #since(long)} later. */
    static long start() {
        return System.nanoTime();
    }

    /** Returns the time elapsed since {@code startNanos}, never negative. */
    static Duration since(long startNanos) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
    }
}
