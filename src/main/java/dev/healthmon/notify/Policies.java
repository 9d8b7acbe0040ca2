package dev.healthmon.notify;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import reactor.netty.channel.AbortedException;

/** The resilience4j policies of one provider, built from its configuration. */
final class Policies {

    private static final double MULTIPLIER = 2.0;
    private static final double JITTER = 0.5;
    private static final int WINDOW = 10;
    private static final int MINIMUM_CALLS = 5;
    private static final float FAILURE_RATE = 50f;

    private Policies() {
    }

    /**
     * Returns the retry: exponential backoff with jitter on network errors, timeouts, 5xx and 429; a 429 or 503
     * with {@code Retry-After} waits what the provider asked for instead.
     */
    static Retry retry(ProviderConfig config) {
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(config.backoff(), MULTIPLIER, JITTER,
                config.maxBackoff());
        RetryConfig retryConfig = RetryConfig.<Object>custom()
                .maxAttempts(config.retries() + 1)
                .intervalBiFunction((attempt, outcome) -> {
                    if (outcome.isLeft() && outcome.getLeft() instanceof HttpStatusException answer
                            && answer.retryAfter() != null) {
                        return answer.retryAfter().toMillis();
                    }
                    return backoff.apply(attempt);
                })
                .retryOnException(Policies::retryable)
                .failAfterMaxAttempts(false)
                .build();
        return Retry.of(config.name(), retryConfig);
    }

    /**
     * Returns the circuit breaker: it opens when half of the last 10 attempts (at least 5) failed on the network,
     * timed out or got a 5xx, rejects deliveries for {@code breakerWait}, then lets one probe through.
     */
    static CircuitBreaker circuitBreaker(ProviderConfig config, Clock clock) {
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
                // the window's own lock, held for a few field updates: resilience4j 2.4.0's lock-free window throws
                // a NullPointerException from its second record when it holds one call, as the half-open window
                // does, and a delivery whose outcome met it never ended
                .slidingWindow(WINDOW, MINIMUM_CALLS, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED,
                        CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.SYNCHRONIZED)
                .failureRateThreshold(FAILURE_RATE)
                .waitDurationInOpenState(config.breakerWait())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(Policies::providerFault)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
        return CircuitBreaker.of(config.name(), breakerConfig);
    }

    /**
     * Returns whether another attempt may succeed: network errors, timeouts, and a refusal that says so (HTTP 5xx
     * and 429, SMTP 4xx), nothing else.
     */
    static boolean retryable(Throwable error) {
        if (error instanceof Refusal answer) {
            return answer.retryable();
        }
        return networkFault(error);
    }

    /**
     * Returns whether {@code error} says the provider is unwell: network errors, timeouts and a refusal that says so
     * (HTTP 5xx, SMTP 4xx), not HTTP 4xx or SMTP 5xx.
     */
    static boolean providerFault(Throwable error) {
        if (error instanceof Refusal answer) {
            return answer.providerFault();
        }
        return networkFault(error);
    }

    private static boolean networkFault(Throwable error) {
        return error instanceof IOException || error instanceof TimeoutException || error instanceof AbortedException;
    }
}
