package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.healthmon.core.model.InvalidConfigException;

/**
 * A validated period to read history over: {@code from <= to}, at most two years long.
 *
 * <p>The factories reject bad input with an {@link InvalidConfigException} whose {@code field()} is the query
 * parameter at fault ({@code window}, {@code from}, {@code to}, {@code step}), so an API can answer 400 naming it.
 *
 * <pre>{@code
 * HistoryRange day = HistoryRange.window("24h", now);
 * HistoryRange range = HistoryRange.of(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to));
 * }</pre>
 *
 * @param from the start, inclusive
 * @param to the end, exclusive
 */
public record HistoryRange(Instant from, Instant to) {

    /** The longest period a query may cover: two years. */
    public static final Duration MAX_LENGTH = Duration.ofDays(730);

    /** The named windows, shortest first. */
    public static final Map<String, Duration> WINDOWS = windows();

    public HistoryRange {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new InvalidConfigException("from", from.getEpochSecond() + " is after to " + to.getEpochSecond()
                    + " (expected: from <= to)");
        }
        if (Duration.between(from, to).compareTo(MAX_LENGTH) > 0) {
            throw new InvalidConfigException("to", "range of " + Duration.between(from, to).toDays()
                    + " days (expected: at most " + MAX_LENGTH.toDays() + " days)");
        }
    }

    /** Returns the period from {@code from} to {@code to}, validated. */
    public static HistoryRange of(Instant from, Instant to) {
        return new HistoryRange(from, to);
    }

    /**
     * Returns the named window ending at {@code now}: {@code 1h}, {@code 24h}, {@code 7d}, {@code 30d}, {@code 90d}
     * or {@code 365d}.
     *
     * @throws InvalidConfigException for any other name, with field {@code window}
     */
    public static HistoryRange window(String name, Instant now) {
        Duration length = WINDOWS.get(name);
        if (length == null) {
            throw new InvalidConfigException("window", "unknown window '" + name + "' (expected: one of "
                    + String.join(", ", WINDOWS.keySet()) + ")");
        }
        return new HistoryRange(now.minus(length), now);
    }

    /**
     * Returns the step of a history query, validated against this range: at least a minute, and at most
     * {@code maxPoints} points.
     *
     * @throws InvalidConfigException with field {@code step}
     */
    public Duration step(Duration step, int maxPoints) {
        if (step.compareTo(Resolution.MINUTE.width()) < 0) {
            throw new InvalidConfigException("step", step + " (expected: at least 1m)");
        }
        long points = Duration.between(from, to).toMillis() / step.toMillis();
        if (points > maxPoints) {
            throw new InvalidConfigException("step", step + " gives " + points + " points (expected: at most "
                    + maxPoints + ")");
        }
        return step;
    }

    /** Returns the length of the period. */
    public Duration length() {
        return Duration.between(from, to);
    }

    private static Map<String, Duration> windows() {
        Map<String, Duration> windows = new LinkedHashMap<>();
        windows.put("1h", Duration.ofHours(1));
        windows.put("24h", Duration.ofHours(24));
        windows.put("7d", Duration.ofDays(7));
        windows.put("30d", Duration.ofDays(30));
        windows.put("90d", Duration.ofDays(90));
        windows.put("365d", Duration.ofDays(365));
        return Collections.unmodifiableMap(windows);
    }
}
