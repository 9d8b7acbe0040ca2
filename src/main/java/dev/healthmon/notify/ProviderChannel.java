package dev.healthmon.notify;

import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

import dev.healthmon.core.model.MonitorEvent;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
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
 * breaker, retries and the concurrency limit. Nothing here waits for another provider.
 */
final class ProviderChannel {

    private final ProviderConfig config;
    private final Encoder encoder;
    private final Transport transport;
    private final Scheduler scheduler;
    private final ZoneId zone;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final Bulkhead bulkhead;
    private final DeliveryLog log;

    ProviderChannel(ProviderConfig config, HttpClient client, Scheduler scheduler, ZoneId zone, MeterRegistry meters) {
        this.config = config;
        this.encoder = Encoder.of(config);
        this.transport = new Transport(client, scheduler);
        this.scheduler = scheduler;
        this.zone = zone;
        this.retry = Policies.retry(config);
        this.circuitBreaker = Policies.circuitBreaker(config, new SchedulerClock(scheduler));
        this.bulkhead = Policies.bulkhead(config);
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
     * Returns a {@code Mono} that delivers the notifications among {@code events} (already routed to this
     * provider) until they complete or it is cancelled; it never errors for a failed delivery. Up to
     * {@code queue} messages wait, the oldest being dropped beyond that, and {@code concurrency} are in flight.
     */
    Mono<Void> run(Flux<MonitorEvent> events) {
        return Reminders.jobs(events, config.repeat(), scheduler)
                .onBackpressureBuffer(config.queue(), this::dropped, BufferOverflowStrategy.DROP_OLDEST)
                .flatMap(this::deliver, config.concurrency())
                .then();
    }

    /** Returns a cold {@code Mono} that delivers {@code job} and emits how it ended; it never errors. */
    Mono<Result> deliver(Job job) {
        return Mono.defer(() -> {
            long start = scheduler.now(TimeUnit.NANOSECONDS);
            return Mono.fromCallable(() -> encoder.encode(Message.of(job.notification(), zone)))
                    .flatMap(this::send)
                    .then(Mono.fromCallable(() -> finish(job, Result.DELIVERED, start, null)))
                    .onErrorResume(Exception.class, error -> Mono.just(finish(job, classify(error), start, error)));
        });
    }

    // each attempt is timed out and passes the circuit breaker; retries and the bulkhead wrap them all
    private Mono<Void> send(Outbound request) {
        return Mono.defer(() -> transport.send(request, config.maxRetryAfter()))
                .timeout(config.timeout(), scheduler)
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .transformDeferred(RetryOperator.of(retry))
                .transformDeferred(BulkheadOperator.of(bulkhead));
    }

    private Result finish(Job job, Result result, long start, @Nullable Throwable error) {
        log.record(job, result, Duration.ofNanos(scheduler.now(TimeUnit.NANOSECONDS) - start), error);
        return result;
    }

    private void dropped(Job job) {
        log.record(job, Result.DROPPED, Duration.ZERO, null);
    }

    private static Result classify(Throwable error) {
        return error instanceof CallNotPermittedException || error instanceof BulkheadFullException
                ? Result.REJECTED : Result.FAILED;
    }
}
