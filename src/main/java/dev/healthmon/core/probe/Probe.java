package dev.healthmon.core.probe;

import java.net.URI;

import dev.healthmon.core.model.HealthCheckResult;
import reactor.core.publisher.Mono;

/**
 * One kind of check: the seed's {@code HealthCheckFunc}, in reactive form.
 *
 * <p>A probe is cheap to call and thread-safe; it holds its clients and options, and receives the URL to check
 * each time, since a monitor's URL can change. A lambda is a probe:
 * <pre>{@code
 * Probe alwaysUp = url -> Mono.just(HealthCheckResult.healthy(Duration.ofMillis(3)));
 * }</pre>
 */
@FunctionalInterface
public interface Probe {

    /**
     * Returns a cold {@code Mono} that checks {@code url} once when subscribed and emits one result: healthy, or
     * unhealthy with a detail when the target failed (refused, reset, 5xx). It signals an error only when the
     * check could not be performed at all. The caller bounds it with the monitor's timeout and cancels it when
     * the time is up, so it must release its connection on cancel.
     */
    Mono<HealthCheckResult> check(URI url);
}
