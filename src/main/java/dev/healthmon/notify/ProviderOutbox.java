package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import dev.healthmon.core.model.MonitorEvent.Notification;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The outbox as one provider sees it: a message is kept before it is queued and acknowledged once the provider has
 * taken it or refused it for good, and what was kept and not acknowledged is read again when delivery starts and
 * whenever messages waited in it for a full queue. Reminders are not kept: the next one follows anyway. Without a
 * store's outbox the messages are kept in memory, up to the provider's {@code park}.
 */
final class ProviderOutbox {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final Outbox outbox;
    private final String provider;

    ProviderOutbox(Outbox outbox, String provider) {
        this.outbox = requireNonNull(outbox, "outbox");
        this.provider = provider;
    }

    /** A message on its way to the queue, and whether the outbox keeps it (so that it may wait there). */
    record Admitted(Job job, boolean kept) {
    }

    /**
     * Returns a cold {@code Mono} of {@code job} once it is kept, empty when the outbox already had it (it was
     * sent, or is pending and read again); when the outbox fails or has no room the job goes on without it, since
     * one message too many is better than none. It never errors.
     */
    Mono<Admitted> admit(Job job) {
        if (job.reminder()) {
            return Mono.just(new Admitted(job, false));
        }
        Notification notification = job.notification();
        return Mono.defer(() -> outbox.enqueue(Outbox.Key.of(notification), provider,
                        OutboxPayload.write(notification)))
                .map(fresh -> fresh ? Optional.of(new Admitted(job, true)) : Optional.<Admitted>empty())
                .onErrorResume(Exception.class, error -> {
                    log.warn("[{}] provider={} outbox unavailable, delivering {} without it: {}",
                            notification.name(), provider, job.key(), error.toString());
                    return Mono.just(Optional.of(new Admitted(job, false)));
                })
                .flatMap(admitted -> {
                    if (admitted.isEmpty()) {
                        log.info("[{}] provider={} {} was queued before, not sent again", notification.name(),
                                provider, job.key());
                        return Mono.empty();
                    }
                    return Mono.just(admitted.get());
                });
    }

    /**
     * Returns a cold {@code Mono} of {@code result} once the outbox knows that {@code job} needs no more attempts:
     * it was delivered, or refused with a status that no retry can change. A failure of the outbox is logged,
     * never signalled.
     */
    Mono<Result> settle(Job job, Result result, @Nullable Throwable error) {
        // a message waits only on what a later attempt may change; what cannot change is done
        boolean done = result == Result.DELIVERED || !(error instanceof CallNotPermittedException)
                && !Policies.retryable(error);
        if (job.reminder() || !done) {
            return Mono.just(result);
        }
        return Mono.defer(() -> outbox.acknowledge(Outbox.Key.of(job.notification()), provider))
                .onErrorResume(Exception.class, failure -> {
                    log.warn("[{}] provider={} {} not acknowledged, it may be sent again after a restart: {}",
                            job.notification().name(), provider, job.key(), failure.toString());
                    return Mono.just(false);
                })
                .thenReturn(result);
    }

    /**
     * Returns a cold {@code Flux} of the jobs this provider has pending, oldest first, to deliver again; a payload
     * that cannot be read and a failing outbox are logged and left out. It completes after the last.
     */
    Flux<Job> resubmitted() {
        return Flux.defer(outbox::pending)
                .filter(pending -> pending.provider().equals(provider))
                .concatMap(pending -> {
                    try {
                        Job job = Job.first(OutboxPayload.read(pending.payload()));
                        log.debug("[{}] provider={} queueing {} again from the outbox",
                                pending.key().monitor(), provider, job.key());
                        return Mono.just(job);
                    }
                    catch (IllegalArgumentException e) {
                        log.error("[{}] provider={} pending notification {} is not readable and is left out: {}",
                                pending.key().monitor(), provider, pending.key(), e.getMessage());
                        return Mono.empty();
                    }
                })
                .onErrorResume(Exception.class, error -> {
                    log.error("provider={} pending notifications could not be read: {}", provider, error.toString());
                    return Flux.empty();
                });
    }
}
