package dev.healthmon.web.history;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.healthmon.core.model.InvalidConfigException;

/** The periods of GoDoxy's uptime JSON, with GoDoxy's names; {@code 1mo} is 30 days. */
enum UptimePeriod {
    FIVE_MINUTES("5m", Duration.ofMinutes(5)),
    FIFTEEN_MINUTES("15m", Duration.ofMinutes(15)),
    HOUR("1h", Duration.ofHours(1)),
    DAY("1d", Duration.ofDays(1)),
    MONTH("1mo", Duration.ofDays(30));

    /** The most points of one monitor's {@code statuses}. */
    static final int POINTS = 100;

    private final String key;
    private final Duration length;

    UptimePeriod(String key, Duration length) {
        this.key = key;
        this.length = length;
    }

    /** Returns the period named {@code key}; throws with field {@code period} for any other name. */
    static UptimePeriod of(String key) {
        for (UptimePeriod period : values()) {
            if (period.key.equals(key)) {
                return period;
            }
        }
        throw new InvalidConfigException("period", "unknown period " + Params.quote(key) + " (expected: one of "
                + Arrays.stream(values()).map(p -> p.key).collect(Collectors.joining(", ")) + ")");
    }

    Duration length() {
        return length;
    }

    /** Returns the spacing of the points: a hundredth of the period, at least a second. */
    Duration spacing() {
        Duration spacing = length.dividedBy(POINTS);
        return spacing.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : spacing;
    }
}
