package dev.healthmon.web.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.healthmon.store.Incident;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of one outage.
 *
 * @param start when it began, unix seconds
 * @param end when it ended, unix seconds, or {@code null} while it lasts
 * @param duration seconds from start to end, or to the end of the period read while it lasts
 * @param status the status that began it: {@code unhealthy} or {@code error}
 * @param detail what the check saw when it began
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record IncidentView(long start, @Nullable Long end, long duration, String status, String detail) {

    /** Returns the view of {@code incident}. */
    public static IncidentView of(Incident incident) {
        return new IncidentView(incident.start().getEpochSecond(),
                incident.end() == null ? null : incident.end().getEpochSecond(), incident.duration(),
                incident.status().toString(), incident.detail());
    }
}
