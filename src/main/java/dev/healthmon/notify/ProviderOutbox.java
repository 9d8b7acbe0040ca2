package dev.healthmon.notify;

import dev.healthmon.core.model.MonitorEvent.Notification;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The outbox as one provider sees it: a message is kept before it is queued and acknowledged once the provider has
 * taken it or refused it for good, and what was kept and not acknowledged is sent again when delivery starts.
 * Reminders are not kept: the next one follows anyway. Without an outbox every message passes straight through.
 */
final class ProviderOutbox {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final @Nullable Outbox outbox;
    private final String provider;

    ProviderOutbox(@Nullable Outbox outbox, String provider) {
        this.outbox = outbox;
        this.provider = provider;
    }

    /**
     * Returns a cold {@code Mono} of {@code job} once it is kept, empty when the outbox already had it (it was
     * sent, or is pending and sent again at start); when the outbox fails the job is delivered all the same,
     * since one message too many is better than none. It never errors.
     */
    Mono<Job> admit(Job job) {
        Outbox kept = outbox;
        if (kept == null || job.reminder()) {
            return Mono.just(job);
        }
        Notification notification = job.notification();
        return Mono.defer(() -> kept.enqueue(Outbox.Key.of(notification), provider,
                        OutboxPayload.write(notification)))
                .onErrorResume(Exception.class, error -> {
                    log.warn("[{}] provider={} outbox unavailable, delivering {} without it: {}",
                            notification.name(), provider, job.key(), error.toString());
                    return Mono.just(true);
                })
                .flatMap(fresh -> {
                    if (!fresh) {
                        log.info("[{}] provider={} {} was queued before, not sent again", notification.name(),
                                provider, job.key());
                        return Mono.empty();
                    }
                    return Mono.just(job);
                });
    }

    /**
     * Returns a cold {@code Mono} of {@code result} once the outbox knows that {@code job} needs no more attempts:
     * it was delivered, or refused with a status that no retry can change. A failure of the outbox is logged,
     * never signalled.
     */
    Mono<Result> settle(Job job, Result result, @Nullable Throwable error) {
        Outbox kept = outbox;
        boolean done = result == Result.DELIVERED
                || error instanceof Refusal answer && !answer.retryable();
        if (kept == null || job.reminder() || !done) {
            return Mono.just(result);
        }
        return Mono.defer(() -> kept.acknowledge(Outbox.Key.of(job.notification()), provider))
                .onErrorResume(Exception.class, failure -> {
                    log.warn("[{}] provider={} {} not acknowledged, it may be sent again after a restart: {}",
                            job.notification().name(), provider, job.key(), failure.toString());
                    return Mono.just(false);
                })
                .thenReturn(result);
    }

    /**
     * Returns a cold {@code Flux} of the jobs this provider had pending, to deliver again; a payload that cannot be
     * read and a failing outbox are logged and left out. It completes after the last.
     */
    Flux<Job> resubmitted() {
        Outbox kept = outbox;
        if (kept == null) {
            return Flux.empty();
        }
        return Flux.defer(kept::pending)
                .filter(pending -> pending.provider().equals(provider))
                .concatMap(pending -> {
                    try {
                        Job job = Job.first(OutboxPayload.read(pending.payload()));
                        log.info("[{}] provider={} re-sending {}, pending since before the start",
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
