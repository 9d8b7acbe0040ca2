package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import dev.healthmon.core.model.MonitorEvent.Notification.Kind;

/**
 * The idempotency key of a notification: one message per monitor, outage and kind, per provider.
 *
 * @param monitor the monitor
 * @param outage what identifies the outage, such as the epoch milliseconds of its down
 *        ({@link StoredState#outageStart()})
 * @param kind down or up
 */
public record OutboxKey(String monitor, String outage, Kind kind) {

    public OutboxKey {
        requireNonNull(monitor, "monitor");
        requireNonNull(outage, "outage");
        requireNonNull(kind, "kind");
    }
}
