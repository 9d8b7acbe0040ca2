package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.notify.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The notifier's delivery for the life of the service. On shutdown the monitors' events complete first; what is in
 * flight then may end, within a bound, so that a message its provider took is also acknowledged in the outbox and
 * not sent again after the restart.
 */
final class NotificationDelivery {

    private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);
    private static final Duration DRAIN = Duration.ofSeconds(3);

    private final Notifier notifier;

    NotificationDelivery(Notifier notifier) {
        this.notifier = requireNonNull(notifier, "notifier");
    }

    /** Returns what stops delivery of {@code events}: it waits up to {@code DRAIN} for deliveries to end. Blocking. */
    Disposable subscribe(Flux<MonitorEvent> events) {
        Sinks.Empty<Void> ended = Sinks.empty();
        Disposable delivering = notifier.run(events)
                .subscribe(null,
                        error -> {
                            log.error("notification delivery stopped by an unexpected error", error);
                            ended.tryEmitEmpty();
                        },
                        ended::tryEmitEmpty);
        return () -> {
            try {
                ended.asMono().block(DRAIN);
            }
            catch (IllegalStateException e) {
                log.info("notifications still in flight after {} are cancelled; pending ones are sent after a start",
                        DRAIN);
            }
            delivering.dispose();
        };
    }
}
