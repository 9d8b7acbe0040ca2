package dev.healthmon.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.healthmon.core.model.HealthStatus;
import org.jspecify.annotations.Nullable;

/** Reads outages from transitions: a pure function. */
final class Incidents {

    private Incidents() {
    }

    /**
     * Returns the incidents that overlap {@code [from, to)}, newest first.
     *
     * @param changes transitions in time order, starting no later than the last end of an outage before
     *        {@code from}, so that an outage that began earlier is seen from its start
     */
    static List<Incident> of(List<StatusChange> changes, Instant from, Instant to) {
        List<Incident> found = new ArrayList<>();
        @Nullable StatusChange open = null;
        for (StatusChange change : changes) {
            if (!change.at().isBefore(to)) {
                break;
            }
            if (open == null && change.status().isBad()) {
                open = change;
            }
            else if (open != null && ends(change.status())) {
                if (change.at().isAfter(from)) {
                    found.add(incident(open, change.at(), to));
                }
                open = null;
            }
        }
        if (open != null) {
            found.add(incident(open, null, to));
        }
        Collections.reverse(found);
        return found;
    }

    private static boolean ends(HealthStatus status) {
        return status == HealthStatus.HEALTHY || status == HealthStatus.DEGRADED || status == HealthStatus.NAPPING
                || status == HealthStatus.STOPPED;
    }

    private static Incident incident(StatusChange start, @Nullable Instant end, Instant to) {
        Instant until = end != null ? end : to;
        return new Incident(start.at(), end, Duration.between(start.at(), until).toSeconds(), start.status(),
                start.detail());
    }
}
