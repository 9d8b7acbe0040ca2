package dev.healthmon.core.machine;

import static dev.healthmon.core.model.HealthStatus.ERROR;
import static dev.healthmon.core.model.HealthStatus.HEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import dev.healthmon.core.model.Effect;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.MonitorState;
import dev.healthmon.core.model.Observation;
import dev.healthmon.core.model.Outcome;
import dev.healthmon.core.model.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An agent that is down: its monitors stay {@code error} and keep checking, less often, instead of stopping after
 * {@code maxErrors} errors in a row as they do when the check itself cannot be performed; they recover when it
 * is back.
 */
class UnreachableBackoffTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final URI URL = URI.create("http://10.0.0.5:3000");
    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().interval(Duration.ofSeconds(10))
            .retries(1).maxErrors(5).build();

    private int clock;

    @Test
    void anUnreachableAgentLeavesTheMonitorErrorAndBacksOffInsteadOfStopping() {
        MonitorState state = MonitorState.starting("remote");
        for (int error = 1; error < 5; error++) {
            Transition t = HealthReducer.reduce(state, unreachable(), CONFIG);
            assertThat(t.effects()).as("error %d", error).noneMatch(e -> e instanceof Effect.Backoff
                    || e instanceof Effect.Stop);
            state = t.state();
        }

        Transition fifth = HealthReducer.reduce(state, unreachable(), CONFIG);

        assertThat(fifth.state().status()).isEqualTo(ERROR);
        assertThat(fifth.state().stoppedByErrors()).isFalse();
        assertThat(fifth.stops()).isFalse();
        assertThat(fifth.effects()).containsExactly(new Effect.Backoff(Duration.ofSeconds(20)));
    }

    @Test
    void anErrorOfTheCheckItselfStillStopsTheMonitor() {
        MonitorState state = MonitorState.starting("remote");
        for (int error = 1; error < 5; error++) {
            state = HealthReducer.reduce(state, Observation.of(new Outcome.Error("invalid answer"), tick(), URL),
                    CONFIG).state();
        }

        Transition fifth = HealthReducer.reduce(state, Observation.of(new Outcome.Error("invalid answer"), tick(),
                URL), CONFIG);

        assertThat(fifth.stops()).isTrue();
        assertThat(fifth.state().stoppedByErrors()).isTrue();
    }

    @Test
    void theMonitorRecoversWhenTheAgentIsBackAndSendsTheUpOfTheDown() {
        MonitorState state = MonitorState.starting("remote");
        for (int error = 1; error <= 8; error++) {
            state = HealthReducer.reduce(state, unreachable(), CONFIG).state();
        }
        assertThat(state.downNotified()).isTrue();

        Observation pass = Observation.of(new Outcome.Pass(Duration.ofMillis(4), "HTTP 200 OK"), tick(), URL);
        Transition back = HealthReducer.reduce(state, pass, CONFIG);

        assertThat(back.state().status()).isEqualTo(HEALTHY);
        assertThat(back.state().consecutiveErrors()).isZero();
        assertThat(back.effects()).hasSize(1).first().isInstanceOf(Effect.NotifyUp.class);
    }

    @ParameterizedTest(name = "interval {0}, error {1} -> wait {2}")
    @CsvSource({
            "10s, 5, 20s", "10s, 6, 40s", "10s, 7, 80s", "10s, 8, 160s", "10s, 9, 160s", "10s, 100, 160s",
            "1m, 5, 2m", "1m, 6, 4m", "1m, 7, 5m", "1m, 50, 5m",
            "2m, 5, 4m", "2m, 6, 4m",
            "10m, 5, 10m", "10m, 9, 10m",
            "1s, 5, 2s", "1s, 9, 16s"})
    void theWaitDoublesUpToSixteenIntervalsAndFiveMinutesInWholeIntervals(String interval, int errors,
            String wait) {
        HealthCheckConfig config = HealthCheckConfig.builder().interval(duration(interval)).maxErrors(5).build();

        assertThat(HealthReducer.backoff(errors, config)).isEqualTo(duration(wait));
    }

    private Observation unreachable() {
        return Observation.of(new Outcome.Error("agent http://agent.lan:8890 unreachable: connection refused", true),
                tick(), URL);
    }

    private Instant tick() {
        return T0.plusSeconds(10L * clock++);
    }

    private static Duration duration(String text) {
        return dev.healthmon.core.model.Durations.parse(text);
    }
}
