package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import dev.healthmon.core.model.MonitorEvent.Notification;

/**
 * One notification to deliver to one provider.
 *
 * @param notification the down or up
 * @param resend 0 for the notification itself, n for the n-th reminder of a down that still lasts
 */
record Job(Notification notification, int resend) {

    Job {
        requireNonNull(notification, "notification");
        if (resend < 0) {
            throw new IllegalArgumentException("resend: " + resend + " (expected: >= 0)");
        }
    }

    static Job first(Notification notification) {
        return new Job(notification, 0);
    }

    static Job reminder(Notification notification, int resend) {
        return new Job(notification, resend);
    }

    /** Returns whether this re-sends a down that still lasts. */
    boolean reminder() {
        return resend > 0;
    }

    /**
     * Returns the idempotency key of this message: the monitor, the outage (the time of its down, or of the up
     * that ends it), the kind and which reminder, such as {@code api/2026-11-24T09:30:00Z/down/2}. Every attempt
     * of one message has the same key, and different messages have different keys, so a provider that
     * deduplicates by key (a transaction id, an outbox) shows each message once.
     */
    String key() {
        Notification n = notification;
        return n.name() + "/" + n.time() + "/" + n.kind() + (resend > 0 ? "/" + resend : "");
    }
}
