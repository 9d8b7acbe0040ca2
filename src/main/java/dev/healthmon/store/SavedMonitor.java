package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A monitor created through the API, kept so that it comes back after a restart.
 *
 * @param name the monitor
 * @param settings its settings as a JSON object, as the API received them
 * @param updated when it was last saved
 */
public record SavedMonitor(String name, String settings, Instant updated) {

    public SavedMonitor {
        requireNonNull(name, "name");
        requireNonNull(settings, "settings");
        requireNonNull(updated, "updated");
    }
}
