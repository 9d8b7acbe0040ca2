package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A notification enqueued for one provider and not yet acknowledged.
 *
 * @param key monitor, outage and kind
 * @param provider the provider that is to deliver it
 * @param payload the message, as the notifier serialized it
 * @param created when it was enqueued
 */
public record PendingDelivery(OutboxKey key, String provider, String payload, Instant created) {

    public PendingDelivery {
        requireNonNull(key, "key");
        requireNonNull(provider, "provider");
        requireNonNull(payload, "payload");
        requireNonNull(created, "created");
    }
}
