package dev.healthmon.notify;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.healthmon.core.model.MonitorEvent;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/**
 * Delivers to one provider: its own bounded queue, then each message with a timeout per attempt, the circuit
 * breaker and retries, at most {@code concurrency} at once. Nothing here waits for another provider.
 */
final class ProviderChannel {

    // a storm bigger than this is several messages, each still listing its monitors
    private static final int MAX_GROUP = 500;

    private final ProviderConfig config;
    private final Transport transport;
    private final Scheduler scheduler;
    private final ZoneId zone;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final DeliveryLog log;
    private final ProviderOutbox outbox;
    private final Function<String, @Nullable String> groups;

    ProviderChannel(ProviderConfig config, HttpClient client, Scheduler scheduler, ZoneId zone, MeterRegistry meters) {
        this(config, client, scheduler, zone, meters, null, monitor -> null);
    }

    /**
     * Returns the channel of {@code config}; {@code groups} gives a monitor's group by its name ({@code null} for
     * none), read when a message is made.
     */
    ProviderChannel(ProviderConfig config, HttpClient client, Scheduler scheduler, ZoneId zone, MeterRegistry meters,
            @Nullable Outbox outbox, Function<String, @Nullable String> groups) {
        this.config = config;
        this.groups = groups;
        this.outbox = new ProviderOutbox(outbox, config.name());
        this.transport = new Transport(client, scheduler, config.maxRetryAfter());
        this.scheduler = scheduler;
        this.zone = zone;
        this.retry = Policies.retry(config);
        this.circuitBreaker = Policies.circuitBreaker(config, new SchedulerClock(scheduler));
        this.log = new DeliveryLog(config.name(), meters);
        retry.getEventPublisher().onRetry(event -> DeliveryLog.retrying(config.name(),
                event.getNumberOfRetryAttempts(), event.getWaitInterval(), event.getLastThrowable()));
    }

    String name() {
        return config.name();
    }

    CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /**
     * Returns a {@code Mono} that delivers the notifications among {@code events} (relevant to the notifier and
     * already routed to this provider) until they complete or it is cancelled; it never errors for a failed
     * delivery. Up to {@code queue} messages wait, the oldest being dropped beyond that, and {@code concurrency}
     * are in flight. With an outbox, what it holds for this provider from before is delivered first, and each new
     * message is kept in it before it waits.
     */
    Mono<Void> run(Flux<MonitorEvent> events) {
        Flux<MonitorEvent> taken = events.filter(event -> !(event instanceof MonitorEvent.Notification notification)
                || config.takes(notification.kind()));
        Flux<Job> fresh = Reminders.jobs(taken, config.repeat(), scheduler)
                // kept in order, as many at once as the queue holds, so the shared stream rarely waits on the outbox
                .flatMapSequential(outbox::admit, config.queue());
        Flux<Job> queued = Flux.merge(outbox.resubmitted(), fresh)
                .onBackpressureBuffer(config.queue(), this::dropped, BufferOverflowStrategy.DROP_OLDEST);
        if (config.groupWait().isZero()) {
            // the one concurrency limit: flatMap asks the queue for the next message only when one ends, so
            // messages beyond the limit wait in the queue instead of being rejected
            return queued.flatMap(this::deliver, config.concurrency()).then();
        }
        // what arrives within groupWait of the first of a group is one message; the wait is timed on the scheduler
        return queued.bufferTimeout(MAX_GROUP, config.groupWait(), scheduler)
                .flatMap(jobs -> jobs.size() == 1 ? deliver(jobs.get(0)) : deliverGroup(jobs), config.concurrency())
                .then();
    }

    /**
     * Returns a cold {@code Mono} that delivers {@code jobs} as one message ({@link Message#group}) and settles
     * each of them with how it ended; it never errors.
     */
    Mono<Result> deliverGroup(List<Job> jobs) {
        return Mono.defer(() -> {
            long start = scheduler.now(TimeUnit.NANOSECONDS);
            return Mono.fromCallable(() -> groupLetter(jobs))
                    .flatMap(this::send)
                    .then(Mono.fromCallable(() -> finish(jobs, Result.DELIVERED, start, null)))
                    .flatMap(result -> settle(jobs, result, null))
                    .onErrorResume(Exception.class, error -> Mono.fromCallable(() -> finish(jobs, classify(error),
                            start, error))
                            .flatMap(result -> settle(jobs, result, error)));
        });
    }

    private Mono<Result> settle(List<Job> jobs, Result result, @Nullable Throwable error) {
        return Flux.fromIterable(jobs)
                .concatMap(job -> outbox.settle(job, result, error))
                .then(Mono.just(result));
    }

    private Result finish(List<Job> jobs, Result result, long start, @Nullable Throwable error) {
        Duration took = Duration.ofNanos(scheduler.now(TimeUnit.NANOSECONDS) - start);
        jobs.forEach(job -> log.record(job, result, took, error));
        return result;
    }

    // one key for the group: its first message's, and how many follow it
    private Letter groupLetter(List<Job> jobs) {
        List<MonitorEvent.Notification> notifications = jobs.stream().map(Job::notification).toList();
        // providers that speak per monitor (PagerDuty's dedup key, Alertmanager's labels) see the first of them
        String group = groups.apply(notifications.get(0).name());
        boolean oneGroup = group != null && notifications.stream()
                .allMatch(notification -> group.equals(groups.apply(notification.name())));
        return new Letter(notifications.get(0), Message.group(notifications, zone),
                jobs.get(0).key() + "+" + (jobs.size() - 1), config.url(), config.format(), oneGroup ? group : null);
    }

    /**
     * Returns a cold {@code Mono} that delivers {@code job} and emits how it ended, once the outbox knows; it never
     * errors.
     */
    Mono<Result> deliver(Job job) {
        return Mono.defer(() -> {
            long start = scheduler.now(TimeUnit.NANOSECONDS);
            return Mono.fromCallable(() -> letter(job))
                    .flatMap(this::send)
                    .then(Mono.fromCallable(() -> finish(job, Result.DELIVERED, start, null)))
                    .flatMap(result -> outbox.settle(job, result, null))
                    .onErrorResume(Exception.class, error -> Mono.fromCallable(() -> finish(job, classify(error),
                            start, error))
                            .flatMap(result -> outbox.settle(job, result, error)));
        });
    }

    private Letter letter(Job job) {
        return new Letter(job.notification(), Message.of(job.notification(), zone), job.key(), config.url(),
                config.format(), groups.apply(job.notification().name()));
    }

    // each attempt is timed out and passes the circuit breaker; the retries wrap them all
    private Mono<Void> send(Letter letter) {
        return Mono.defer(() -> config.settings().send(letter, transport))
                .timeout(config.timeout(), scheduler)
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .transformDeferred(RetryOperator.of(retry));
    }

    private Result finish(Job job, Result result, long start, @Nullable Throwable error) {
        log.record(job, result, Duration.ofNanos(scheduler.now(TimeUnit.NANOSECONDS) - start), error);
        return result;
    }

    private void dropped(Job job) {
        log.record(job, Result.DROPPED, Duration.ZERO, null);
    }

    private static Result classify(Throwable error) {
        return error instanceof CallNotPermittedException ? Result.REJECTED : Result.FAILED;
    }
}
