package dev.healthmon.core.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.healthmon.core.model.Effect;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorState;
import dev.healthmon.core.model.Observation;
import dev.healthmon.core.model.Outcome;
import dev.healthmon.core.model.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The degraded rule of the reducer: slow passes in a row make a good {@code degraded}, with its notifications. */
class DegradedTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final URI URL = URI.create("http://127.0.0.1:8080");
    private static final Duration FAST = Duration.ofMillis(100);
    private static final Duration SLOW = Duration.ofMillis(900);

    private int clock;

    @ParameterizedTest(name = "degradedChecks={0}: degraded after {0} slow passes")
    @CsvSource({"1", "2", "3", "5"})
    void slowPassesInARowMakeDegradedOnce(int checks) {
        HealthCheckConfig config = config(checks);
        MonitorState state = MonitorState.starting("api");
        List<Effect> effects = new ArrayList<>();
        for (int pass = 1; pass < checks; pass++) {
            Transition t = HealthReducer.reduce(state, pass(SLOW), config);
            state = t.state();
            effects.addAll(t.effects());
            assertThat(state.status()).as("after %d slow pass(es)", pass).isEqualTo(HealthStatus.HEALTHY);
        }

        Transition degraded = HealthReducer.reduce(state, pass(SLOW), config);
        Transition still = HealthReducer.reduce(degraded.state(), pass(SLOW), config);

        assertThat(effects).isEmpty();
        assertThat(degraded.state().status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(degraded.state().status().isGood()).isTrue();
        assertThat(degraded.effects()).singleElement().isInstanceOf(Effect.NotifyDegraded.class);
        assertThat(still.state().status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(still.effects()).isEmpty();
    }

    @Test
    void aFastPassBreaksTheRowAndAPassAtTheLimitIsNotSlow() {
        HealthCheckConfig config = config(2);
        MonitorState state = apply(MonitorState.starting("api"), config, pass(SLOW), pass(FAST), pass(SLOW),
                pass(Duration.ofMillis(800)));

        assertThat(state.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(state.alerts().slowPasses()).isZero();
    }

    @Test
    void theFirstFastPassAfterADegradedSendsRecovered() {
        HealthCheckConfig config = config(1);
        MonitorState degraded = apply(MonitorState.starting("api"), config, pass(SLOW));

        Transition fast = HealthReducer.reduce(degraded, pass(FAST), config);
        Transition again = HealthReducer.reduce(fast.state(), pass(FAST), config);

        assertThat(fast.state().status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(fast.effects()).singleElement().isInstanceOfSatisfying(Effect.NotifyRecovered.class,
                recovered -> assertThat(recovered.latency()).isEqualTo(FAST));
        assertThat(again.effects()).isEmpty();
    }

    @Test
    void aDownSupersedesADegradedSoTheUpIsNotFollowedByARecovered() {
        HealthCheckConfig config = config(1);
        MonitorState degraded = apply(MonitorState.starting("api"), config, pass(SLOW));

        Transition down = HealthReducer.reduce(degraded, fail(), config);
        Transition up = HealthReducer.reduce(down.state(), pass(FAST), config);

        assertThat(down.effects()).singleElement().isInstanceOf(Effect.NotifyDown.class);
        assertThat(up.state().status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(up.effects()).singleElement().isInstanceOf(Effect.NotifyUp.class);
    }

    @Test
    void aSlowRecoveryIsUpAndDegraded() {
        HealthCheckConfig config = config(1);
        MonitorState down = apply(MonitorState.starting("api"), config, fail());

        Transition slowUp = HealthReducer.reduce(down, pass(SLOW), config);

        assertThat(slowUp.state().status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(slowUp.effects()).extracting(Object::getClass)
                .containsExactly(Effect.NotifyUp.class, Effect.NotifyDegraded.class);
    }

    @Test
    void withoutDegradedAboveNoPassIsSlow() {
        HealthCheckConfig config = HealthCheckConfig.builder().retries(1).build();

        MonitorState state = apply(MonitorState.starting("api"), config, pass(Duration.ofHours(1)));

        assertThat(state.status()).isEqualTo(HealthStatus.HEALTHY);
    }

    private static HealthCheckConfig config(int checks) {
        return HealthCheckConfig.builder().retries(1).degradedAbove(Duration.ofMillis(800)).degradedChecks(checks)
                .build();
    }

    private static MonitorState apply(MonitorState start, HealthCheckConfig config, Observation... observations) {
        MonitorState state = start;
        for (Observation observation : observations) {
            state = HealthReducer.reduce(state, observation, config).state();
        }
        return state;
    }

    private Observation pass(Duration latency) {
        return Observation.of(new Outcome.Pass(latency, "HTTP 200"), tick(), URL);
    }

    private Observation fail() {
        return Observation.of(new Outcome.Fail(FAST, "HTTP 503"), tick(), URL);
    }

    private Instant tick() {
        return T0.plusSeconds(30L * clock++);
    }
}
