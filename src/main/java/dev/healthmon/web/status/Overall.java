package dev.healthmon.web.status;

import java.util.Collection;

import dev.healthmon.core.model.HealthStatus;

/**
 * The banner of the status page, from the statuses of the public monitors. Only monitors with a result count:
 * healthy (or degraded) is up, unhealthy or error is down; starting, stopped, unknown and maintenance are left
 * out. No monitor down is "All systems operational"; more than half of those counted down is "Major outage";
 * any fewer is "Partial outage". With nothing counted the page says so.
 */
enum Overall {
    /** No counted monitor is down. */
    OPERATIONAL("All systems operational"),
    /** Some, but not more than half, of the counted monitors are down. */
    PARTIAL("Partial outage"),
    /** More than half of the counted monitors are down. */
    MAJOR("Major outage"),
    /** No public monitor has a result yet. */
    UNKNOWN("No status yet");

    private final String text;

    Overall(String text) {
        this.text = text;
    }

    /** Returns the banner of {@code statuses}. */
    static Overall of(Collection<HealthStatus> statuses) {
        int counted = 0;
        int down = 0;
        for (HealthStatus status : statuses) {
            if (status.isBad()) {
                down++;
                counted++;
            }
            else if (status.isGood() && !status.isIdling()) {
                // healthy, and any other good status that is not idle (degraded, where the service has it)
                counted++;
            }
        }
        if (counted == 0) {
            return UNKNOWN;
        }
        if (down == 0) {
            return OPERATIONAL;
        }
        return down * 2 > counted ? MAJOR : PARTIAL;
    }

    /** Returns the banner's text. */
    String text() {
        return text;
    }

    /** Returns the JSON name: {@code operational}, {@code partial}, {@code major} or {@code unknown}. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
