package dev.healthmon.web;

import dev.healthmon.core.model.ActiveWindow;
import org.jspecify.annotations.Nullable;

/**
 * The {@code maintenance} object of the monitor JSON: the window the monitor is in; times in unix seconds.
 *
 * @param name the window's name, {@code "mute"} for an ad hoc one
 * @param from when it started
 * @param until when it ends
 */
public record MaintenanceView(String name, long from, long until) {

    /** Returns the view of {@code window}, or {@code null} for none. */
    static @Nullable MaintenanceView ofNullable(@Nullable ActiveWindow window) {
        return window == null ? null : of(window);
    }

    /** Returns the view of {@code window}. */
    static MaintenanceView of(ActiveWindow window) {
        return new MaintenanceView(window.name(), window.from().getEpochSecond(), window.until().getEpochSecond());
    }
}
