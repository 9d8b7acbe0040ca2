package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import dev.healthmon.core.model.MonitorEvent.Notification;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where the notifier keeps each message until a provider has taken it, so that a delivery cut short by a restart is
 * retried after it, and the idempotency key {@code (monitor, outage, kind)} keeps a message from being sent twice.
 *
 * <pre>{@code
 * Notifier notifier = Notifier.builder(providers, routes, meters).outbox(outbox).build();
 * }</pre>
 *
 * <p>Implementations do their own I/O off the caller's thread: every publisher returned here must be safe to
 * subscribe to from an event loop.
 */
public interface Outbox {

    /**
     * Returns a cold {@code Mono} that keeps {@code payload} for {@code provider} under {@code key}; it emits
     * {@code true} when the message is new and {@code false} when that key and provider were kept before, and
     * signals a failure of the outbox as an error.
     */
    Mono<Boolean> enqueue(Key key, String provider, String payload);

    /**
     * Returns a cold {@code Mono} that marks the message under {@code key} as done for {@code provider}; it emits
     * whether it was pending and signals a failure of the outbox as an error.
     */
    Mono<Boolean> acknowledge(Key key, String provider);

    /**
     * Returns a cold {@code Flux} of the messages kept and not yet acknowledged, oldest first; it completes after
     * the last and signals a failure of the outbox as an error.
     */
    Flux<Pending> pending();

    /**
     * The idempotency key of a message: one per monitor, outage and kind.
     *
     * @param monitor the monitor
     * @param outage the outage, as the epoch milliseconds of its down
     * @param kind down or up
     */
    record Key(String monitor, String outage, Notification.Kind kind) {

        public Key {
            requireNonNull(monitor, "monitor");
            requireNonNull(outage, "outage");
            requireNonNull(kind, "kind");
        }

        /** Returns the key of {@code notification}. */
        public static Key of(Notification notification) {
            return new Key(notification.name(), Long.toString(notification.outage().toEpochMilli()),
                    notification.kind());
        }
    }

    /**
     * A message kept for one provider and not yet acknowledged.
     *
     * @param key monitor, outage and kind
     * @param provider the provider that is to deliver it
     * @param payload the message as the notifier wrote it
     */
    record Pending(Key key, String provider, String payload) {

        public Pending {
            requireNonNull(key, "key");
            requireNonNull(provider, "provider");
            requireNonNull(payload, "payload");
        }
    }
}
