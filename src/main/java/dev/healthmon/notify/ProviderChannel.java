package dev.healthmon.notify;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.notify.ProviderOutbox.Admitted;
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
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/**
 * Delivers to one provider: its own bounded queue backed by the outbox, then each message with a timeout per
 * attempt, the circuit breaker and retries, at most {@code concurrency} at once and each monitor's in order. A
 * message ends only delivered or refused for good; until then it waits. Nothing here waits for another provider.
 */
final class ProviderChannel {

    // a storm bigger than this is several messages, each still listing its monitors
    private static final int MAX_GROUP = 500;
    private static final Duration EMIT = Duration.ofSeconds(1);
    // an open circuit lets a probe through only once its wait is over, not at its last instant
    private static final Duration PAST = Duration.ofMillis(1);

    private final ProviderConfig config;
    private final Transport transport;
    private final Scheduler scheduler;
    private final ZoneId zone;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final DeliveryLog log;
    private final ProviderOutbox outbox;
    private final @Nullable MemoryOutbox memory;
    private final Function<String, @Nullable String> groups;
    // every close of the circuit, to wake the messages that wait for it
    private final Sinks.Many<CircuitBreaker.State> closed = Sinks.many().multicast().directBestEffort();

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
        this.memory = outbox == null ? new MemoryOutbox(config.park()) : null;
        this.outbox = new ProviderOutbox(outbox == null ? memory : outbox, config.name());
        this.transport = new Transport(client, scheduler, config.maxRetryAfter());
        this.scheduler = scheduler;
        this.zone = zone;
        this.retry = Policies.retry(config);
        this.circuitBreaker = Policies.circuitBreaker(config, new SchedulerClock(scheduler));
        this.log = new DeliveryLog(config.name(), meters);
        retry.getEventPublisher().onRetry(event -> DeliveryLog.retrying(config.name(),
                event.getNumberOfRetryAttempts(), event.getWaitInterval(), event.getLastThrowable()));
        circuitBreaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
                closed.emitNext(CircuitBreaker.State.CLOSED, Sinks.EmitFailureHandler.busyLooping(EMIT));
            }
        });
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
     * delivery, and it loses no message the outbox keeps. Up to {@code queue} messages wait in memory and
     * {@code concurrency} are in flight, each monitor's one at a time and in order; beyond the queue they wait in
     * the outbox, and are queued again once the queue has drained. A message that meets an open circuit, or whose
     * retries all failed, waits and is tried again when the circuit closes (or after {@code breakerWait}), so it
     * ends only delivered or refused for good. What the outbox holds for this provider from before is delivered
     * first. Once {@code events} complete it completes when every message has ended; one the provider cannot take
     * keeps it going until it is cancelled, and then the outbox keeps what is pending for the next start (without
     * a history store it is lost, logged and counted).
     */
    Mono<Void> run(Flux<MonitorEvent> events) {
        return Mono.defer(() -> {
            Backlog backlog = new Backlog();
            Flux<MonitorEvent> taken = events.filter(event -> !(event instanceof MonitorEvent.Notification
                    notification) || config.takes(notification.kind()));
            Flux<Admitted> fresh = Reminders.jobs(taken, config.repeat(), scheduler)
                    // kept in order, as many at once as the queue holds, so the shared stream rarely waits on it
                    .flatMapSequential(outbox::admit, config.queue())
                    .filter(admitted -> {
                        if (backlog.admit(admitted.kept())) {
                            return true;
                        }
                        log.record(admitted.job(), Result.PARKED, Duration.ZERO, null);
                        return false;
                    })
                    .doOnComplete(backlog::inputEnded);
            Flux<Admitted> reread = backlog.reads().concatMap(parked -> reread(backlog, parked));
            Flux<Admitted> queued = Flux.merge(reread, fresh)
                    // the newest that does not fit waits in the outbox; every one after it waits behind it
                    .onBackpressureBuffer(config.queue(), admitted -> overflowed(backlog, admitted),
                            BufferOverflowStrategy.DROP_LATEST);
            backlog.start();
            Flux<Result> delivered;
            if (config.groupWait().isZero()) {
                // one lane per unit of concurrency, a monitor always in the same lane: each lane delivers one
                // message at a time, so a monitor's messages arrive in order, and the queue holds the rest
                int lanes = config.concurrency();
                delivered = queued.groupBy(admitted -> Math.floorMod(admitted.job().notification().name().hashCode(),
                                lanes), Math.max(config.queue(), lanes))
                        .flatMap(lane -> lane.concatMap(admitted -> deliver(admitted.job())
                                .doFinally(signal -> backlog.ended(1)), 1), lanes);
            }
            else {
                // what arrives within groupWait of the first of a group is one message; the wait is timed on the
                // scheduler, and groups leave one at a time, in order
                delivered = queued.bufferTimeout(MAX_GROUP, config.groupWait(), scheduler)
                        .concatMap(group -> {
                            List<Job> jobs = group.stream().map(Admitted::job).toList();
                            return (jobs.size() == 1 ? deliver(jobs.get(0)) : deliverGroup(jobs))
                                    .doFinally(signal -> backlog.ended(jobs.size()));
                        }, 1);
            }
            return delivered.then()
                    .doFinally(signal -> lost());
        });
    }

    /**
     * Returns a cold {@code Mono} that delivers {@code jobs} as one message ({@link Message#group}) and settles
     * each of them with how it ended: delivered, or refused for good. It waits while the provider cannot take it,
     * and never errors.
     */
    Mono<Result> deliverGroup(List<Job> jobs) {
        return deliver(jobs, () -> groupLetter(jobs));
    }

    /**
     * Returns a cold {@code Mono} that delivers {@code job} and emits how it ended, once the outbox knows: delivered,
     * or refused for good. It waits while the provider cannot take it, and never errors.
     */
    Mono<Result> deliver(Job job) {
        return deliver(List.of(job), () -> letter(job));
    }

    private Mono<Result> deliver(List<Job> jobs, Callable<Letter> letter) {
        return Mono.defer(() -> {
            long start = scheduler.now(TimeUnit.NANOSECONDS);
            return Mono.fromCallable(letter)
                    .flatMap(made -> send(made).retryWhen(waitWhileUnavailable(jobs)))
                    .then(Mono.fromCallable(() -> finish(jobs, Result.DELIVERED, start, null)))
                    .flatMap(result -> settle(jobs, result, null))
                    .onErrorResume(Exception.class, error -> Mono.fromCallable(() -> finish(jobs, Result.FAILED,
                            start, error))
                            .flatMap(result -> settle(jobs, result, error)));
        });
    }

    /**
     * Returns the retry that keeps a message while the provider cannot take it: after an open circuit or the last
     * retry it waits until the circuit closes, or just over {@code breakerWait}, and tries again; a refusal for
     * good, or an error that is no fault of the provider's, ends it.
     */
    private reactor.util.retry.Retry waitWhileUnavailable(List<Job> jobs) {
        return reactor.util.retry.Retry.from(signals -> signals.concatMap(signal -> {
            Throwable error = signal.failure();
            boolean open = error instanceof CallNotPermittedException;
            if (!open && !Policies.retryable(error)) {
                return Mono.error(error);
            }
            jobs.forEach(job -> log.record(job, open ? Result.REJECTED : Result.DEFERRED, Duration.ZERO, error));
            // listening for the close first, so one that happens while the state is read is not missed
            return Mono.firstWithSignal(closed.asFlux().next(), Mono.defer(() -> open
                    && circuitBreaker.getState() == CircuitBreaker.State.CLOSED ? Mono.just(0L)
                    : Mono.delay(config.breakerWait().plus(PAST), scheduler)));
        }));
    }

    private Flux<Admitted> reread(Backlog backlog, long parked) {
        int[] found = {0};
        // memory is empty when the outbox is read: as many as the queue holds, the rest at the next read
        return outbox.resubmitted()
                .take(config.queue())
                .map(job -> {
                    found[0]++;
                    backlog.reloaded();
                    return new Admitted(job, true);
                })
                .doOnComplete(() -> backlog.readEnded(parked, found[0]));
    }

    private void overflowed(Backlog backlog, Admitted admitted) {
        backlog.overflowed(admitted.kept());
        log.record(admitted.job(), admitted.kept() ? Result.PARKED : Result.DROPPED, Duration.ZERO, null);
    }

    // without a store, what waits in memory is lost when delivery stops; a store's outbox keeps it for the next start
    private void lost() {
        if (memory == null) {
            return;
        }
        for (Outbox.Pending pending : memory.snapshot()) {
            try {
                log.record(Job.first(OutboxPayload.read(pending.payload())), Result.DROPPED, Duration.ZERO,
                        new IllegalStateException("delivery stopped and there is no history store to keep it"));
            }
            catch (IllegalArgumentException e) {
                DeliveryLog.unreadable(config.name(), e);
            }
        }
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

}
