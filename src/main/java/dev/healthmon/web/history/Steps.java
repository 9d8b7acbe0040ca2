package dev.healthmon.web.history;

import java.time.Duration;
import java.time.Instant;

import dev.healthmon.store.Resolution;
import dev.healthmon.store.Retention;

/**
 * The width of the points a history query returns: the asked step rounded up to whole rollup rows, of the finest
 * resolution that both the step allows and the retention still holds at {@code from}.
 */
final class Steps {

    private Steps() {
    }

    /** Returns the width the store gives points of {@code step} that start at {@code from}, read at {@code now}. */
    static Duration effective(Retention retention, Instant now, Instant from, Duration step) {
        Resolution resolution = coarser(kept(retention, now, from), forStep(step));
        long width = resolution.width().toMillis();
        return Duration.ofMillis(Math.max(width, (step.toMillis() + width - 1) / width * width));
    }

    private static Resolution kept(Retention retention, Instant now, Instant from) {
        if (!from.isBefore(now.minus(retention.minutes()))) {
            return Resolution.MINUTE;
        }
        return from.isBefore(now.minus(retention.hours())) ? Resolution.DAY : Resolution.HOUR;
    }

    private static Resolution forStep(Duration step) {
        if (step.compareTo(Resolution.DAY.width()) >= 0) {
            return Resolution.DAY;
        }
        return step.compareTo(Resolution.HOUR.width()) >= 0 ? Resolution.HOUR : Resolution.MINUTE;
    }

    private static Resolution coarser(Resolution a, Resolution b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
