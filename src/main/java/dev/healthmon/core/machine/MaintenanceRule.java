package dev.healthmon.core.machine;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Collection;

import dev.healthmon.core.model.ActiveWindow;
import dev.healthmon.core.model.Maintenance;
import org.jspecify.annotations.Nullable;

/**
 * When maintenance windows are open: pure functions of the windows and a time.
 *
 * <pre>{@code
 * ActiveWindow open = MaintenanceRule.active(nightly, now);        // null outside the window
 * }</pre>
 */
public final class MaintenanceRule {

    private MaintenanceRule() {
    }

    /**
     * Returns the occurrence of {@code window} that covers {@code at}, or {@code null}: the first start after
     * {@code at - duration}, when it is not after {@code at}; an occurrence covers {@code [start, start + duration)}.
     */
    public static @Nullable ActiveWindow active(Maintenance window, Instant at) {
        ZonedDateTime after = at.minus(window.duration()).minusNanos(1).atZone(window.zone());
        ZonedDateTime start = window.schedule().next(after);
        // a window covers [start, start + duration): at its end it is over
        if (start == null || start.toInstant().isAfter(at) || !start.toInstant().plus(window.duration()).isAfter(at)) {
            return null;
        }
        return new ActiveWindow(window.name(), start.toInstant(), start.toInstant().plus(window.duration()));
    }

    /**
     * Returns the window among {@code windows} and {@code mutes} that covers {@code at} for the monitor
     * {@code name} listed under {@code group}, the one that ends last, or {@code null}.
     *
     * @param mutes the ad hoc windows that apply to that monitor
     */
    public static @Nullable ActiveWindow activeFor(Collection<Maintenance> windows, Collection<ActiveWindow> mutes,
            String name, @Nullable String group, Instant at) {
        ActiveWindow found = null;
        for (Maintenance window : windows) {
            if (window.appliesTo(name, group)) {
                found = later(found, active(window, at));
            }
        }
        for (ActiveWindow mute : mutes) {
            if (mute.covers(at)) {
                found = later(found, mute);
            }
        }
        return found;
    }

    /**
     * Returns the next time after {@code at} at which a window among {@code windows} or {@code mutes} opens or
     * closes, or {@code null} when none will.
     */
    public static @Nullable Instant nextChange(Collection<Maintenance> windows, Collection<ActiveWindow> mutes,
            Instant at) {
        Instant next = null;
        for (Maintenance window : windows) {
            ActiveWindow open = active(window, at);
            if (open != null) {
                // open means its end is after at
                next = earlier(next, open.until());
            }
            ZonedDateTime start = window.schedule().next(at.atZone(window.zone()));
            if (start != null) {
                next = earlier(next, start.toInstant());
            }
        }
        for (ActiveWindow mute : mutes) {
            if (mute.from().isAfter(at)) {
                next = earlier(next, mute.from());
            }
            if (mute.until().isAfter(at)) {
                next = earlier(next, mute.until());
            }
        }
        return next;
    }

    private static @Nullable ActiveWindow later(@Nullable ActiveWindow a, @Nullable ActiveWindow b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.until().isAfter(a.until()) ? a : b;
    }

    private static @Nullable Instant earlier(@Nullable Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
