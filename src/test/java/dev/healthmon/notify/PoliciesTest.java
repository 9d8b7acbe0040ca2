package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The circuit breaker of a provider, as deliveries in flight at once report to it. */
class PoliciesTest {

    // deliveries let through while the circuit was closed end after it opened and while it lets its one probe
    // through: each outcome is recorded in the window of the state it meets, which in half-open holds one call
    @Test
    void outcomesOfDeliveriesLetThroughEarlierAreRecordedInEveryStateTheCircuitMeets() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        CircuitBreaker breaker = Policies.circuitBreaker(ProviderConfig.of("hook",
                settings("webhook", URI.create("http://127.0.0.1:9/hook"), "breakerWait", "30s")),
                new SchedulerClock(time));
        IOException refused = new IOException("connection refused");
        for (int i = 0; i < 10; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
        }

        assertThatCode(() -> {
            for (int i = 0; i < 5; i++) {
                breaker.onError(1, TimeUnit.MILLISECONDS, refused);
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            time.advanceTimeBy(Duration.ofSeconds(31));
            assertThat(breaker.tryAcquirePermission()).as("the probe").isTrue();
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
            // the rest of the early deliveries end now, in half-open and then in the open state that follows
            for (int i = 0; i < 5; i++) {
                breaker.onError(1, TimeUnit.MILLISECONDS, refused);
            }
        }).doesNotThrowAnyException();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        time.advanceTimeBy(Duration.ofSeconds(31));
        assertThat(breaker.tryAcquirePermission()).as("the next probe").isTrue();
        breaker.onSuccess(1, TimeUnit.MILLISECONDS);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
