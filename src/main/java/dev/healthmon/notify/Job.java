package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import dev.healthmon.core.model.MonitorEvent.Notification;

/**
 * One notification to deliver to one provider.
 *
 * @param notification the down or up
 * @param reminder whether this re-sends a down that still lasts
 */
record Job(Notification notification, boolean reminder) {

    Job {
        requireNonNull(notification, "notification");
    }

    static Job first(Notification notification) {
        return new Job(notification, false);
    }

    static Job reminder(Notification notification) {
        return new Job(notification, true);
    }
}
