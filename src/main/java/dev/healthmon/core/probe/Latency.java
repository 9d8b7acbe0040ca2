package dev.healthmon.core.probe;

import java.time.Duration;

/**
 * Measures how long a target took, on the monotonic clock: every probe's latency is measured with it.
 *
 * <pre>{@code
 * long start = Latency.start();
 * ... the target answers ...
 * Duration latency = Latency.since(start);
 * }</pre>
 */
public final class Latency {

    private Latency() {
    }

    /** Returns the monotonic time now, to be passed to {@link #since(long)} later. */
    public static long start() {
        return System.nanoTime();
    }

    /** Returns the time elapsed since {@code startNanos}, never negative. */
    public static Duration since(long startNanos) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
    }
}
