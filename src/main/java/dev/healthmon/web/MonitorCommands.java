package dev.healthmon.web;

import java.util.Map;
import java.util.Optional;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorSnapshot;

/**
 * Changes the running monitors, validating input exactly as the config file is validated; what the management
 * API calls. A monitor arrives as written: the decoded JSON object of its fields, the same fields as in the config
 * file.
 */
public interface MonitorCommands {

    /**
     * Returns the new monitor's snapshot after creating and starting the monitor written as {@code written}.
     *
     * @throws InvalidConfigException naming the invalid field
     * @throws MonitorConflictException if a monitor has that name already, or the config file defines it
     */
    MonitorSnapshot create(Map<String, Object> written);

    /**
     * Returns the result of replacing the monitor named {@code name} (keeping its last-seen time), or creating it
     * when there is none, with the monitor written as {@code written}, which may leave the name out.
     *
     * @throws InvalidConfigException naming the invalid field, or the name when {@code written} names another
     * @throws MonitorConflictException if the config file defines that monitor
     */
    Replaced replace(String name, Map<String, Object> written);

    /**
     * Returns the monitor named {@code name} as it was written (in the config file or the last create or replace),
     * name included, or empty when there is none: what an edit starts from, so that it keeps the fields it does not
     * change.
     */
    Optional<Map<String, Object>> written(String name);

    /**
     * Returns whether a monitor named {@code name} existed; it is stopped and removed.
     *
     * @throws MonitorConflictException if the config file defines that monitor
     */
    boolean remove(String name);

    /**
     * Returns the snapshot of the monitor named {@code name} after restarting it from {@code starting}, or empty
     * when there is none.
     */
    Optional<MonitorSnapshot> restart(String name);

    /**
     * What a replace did.
     *
     * @param snapshot the new monitor
     * @param created whether there was no monitor of that name before
     */
    record Replaced(MonitorSnapshot snapshot, boolean created) {
    }
}
