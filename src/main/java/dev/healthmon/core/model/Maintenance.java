package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A maintenance window from the configuration: it starts at each time of {@code schedule} in {@code zone} and
 * lasts {@code duration}; during it the downs of the monitors it selects are held.
 *
 * <pre>{@code
 * Maintenance nightly = new Maintenance("nightly", CronExpression.parse("0 0 2 * * *")::next, Duration.ofHours(1),
 *         ZoneId.of("Europe/Paris"), false, Set.of("api"), Set.of("edge"));
 * }</pre>
 *
 * @param name the window's name, shown while it holds a down
 * @param schedule when it starts
 * @param duration how long it lasts; positive
 * @param zone the time zone of the schedule
 * @param all whether it applies to every monitor
 * @param monitors the monitors it applies to, by name
 * @param groups the groups whose monitors it applies to
 */
public record Maintenance(String name, Schedule schedule, Duration duration, ZoneId zone, boolean all,
        Set<String> monitors, Set<String> groups) {

    public Maintenance {
        requireNonNull(name, "name");
        requireNonNull(schedule, "schedule");
        requireNonNull(duration, "duration");
        requireNonNull(zone, "zone");
        monitors = Set.copyOf(monitors);
        groups = Set.copyOf(groups);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: > 0)");
        }
    }

    /** Returns whether this window applies to the monitor {@code name} listed under {@code group}. */
    public boolean appliesTo(String name, @Nullable String group) {
        return all || monitors.contains(name) || group != null && groups.contains(group);
    }

    /**
     * When a window starts: the next start strictly after a time, such as Spring's {@code CronExpression::next};
     * core takes the function so that it stays free of Spring and of a cron parser of its own.
     */
    @FunctionalInterface
    public interface Schedule {

        /** Returns the first start strictly after {@code after}, in its zone, or {@code null} when none is. */
        @Nullable ZonedDateTime next(ZonedDateTime after);
    }
}
