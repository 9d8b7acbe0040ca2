package dev.healthmon.core.machine;

import static dev.healthmon.core.model.HealthStatus.ERROR;
import static dev.healthmon.core.model.HealthStatus.HEALTHY;
import static dev.healthmon.core.model.HealthStatus.NAPPING;
import static dev.healthmon.core.model.HealthStatus.STARTING;
import static dev.healthmon.core.model.HealthStatus.STOPPED;
import static dev.healthmon.core.model.HealthStatus.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.healthmon.core.model.Cause;
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
import org.junit.jupiter.params.provider.EnumSource;

/** Every row of DESIGN section 4 and of the seed's status-transition table, as pure function calls. */
class HealthReducerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final URI URL = URI.create("http://127.0.0.1:8080");
    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().retries(3).build();

    private int clock;

    @ParameterizedTest(name = "{0} + pass -> healthy")
    @EnumSource(value = HealthStatus.class, names = {"STARTING", "HEALTHY", "UNHEALTHY", "ERROR", "NAPPING"})
    void passFromAnyStatusIsHealthy(HealthStatus from) {
        Transition t = HealthReducer.reduce(state(from), pass(), CONFIG);

        assertThat(t.state().status()).isEqualTo(HEALTHY);
        assertThat(t.state().consecutiveFailures()).isZero();
    }

    @ParameterizedTest(name = "{0} + error -> error")
    @EnumSource(value = HealthStatus.class, names = {"STARTING", "HEALTHY", "UNHEALTHY", "ERROR", "NAPPING"})
    void errorFromAnyStatusIsError(HealthStatus from) {
        Transition t = HealthReducer.reduce(state(from), error(), CONFIG);

        assertThat(t.state().status()).isEqualTo(ERROR);
        assertThat(t.state().consecutiveErrors()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} + fail -> unhealthy at once")
    @EnumSource(value = HealthStatus.class, names = {"STARTING", "UNHEALTHY"})
    void failFromStartingOrUnhealthyIsUnhealthyAtOnce(HealthStatus from) {
        Transition t = HealthReducer.reduce(state(from), fail(), CONFIG);

        assertThat(t.state().status()).isEqualTo(UNHEALTHY);
    }

    @ParameterizedTest(name = "{0} + fail stays {0} until retries={1} failures")
    @CsvSource({"HEALTHY, 1", "HEALTHY, 3", "HEALTHY, 5", "ERROR, 2", "ERROR, 4", "NAPPING, 3"})
    void failFromHealthyOrErrorIsUnhealthyOnlyAtTheThreshold(HealthStatus from, int retries) {
        HealthCheckConfig config = HealthCheckConfig.builder().retries(retries).build();
        MonitorState state = state(from);
        for (int failure = 1; failure < retries; failure++) {
            state = HealthReducer.reduce(state, fail(), config).state();
            assertThat(state.status()).as("after %d failure(s)", failure).isEqualTo(from);
        }

        Transition t = HealthReducer.reduce(state, fail(), config);

        assertThat(t.state().status()).isEqualTo(UNHEALTHY);
        assertThat(t.state().consecutiveFailures()).isEqualTo(retries);
    }

    @ParameterizedTest(name = "{0} + fail with retries < 0 -> unhealthy at once")
    @EnumSource(value = HealthStatus.class, names = {"HEALTHY", "ERROR"})
    void negativeRetriesMakeTheFirstFailUnhealthy(HealthStatus from) {
        Transition t = HealthReducer.reduce(state(from), fail(), CONFIG.withRetries(-1));

        assertThat(t.state().status()).isEqualTo(UNHEALTHY);
        assertThat(effects(t)).containsExactly(Effect.NotifyDown.class);
    }

    @ParameterizedTest(name = "retries={0} -> down after {1} failure(s)")
    @CsvSource({"-1, 1", "-5, 1", "1, 1", "2, 2", "3, 3", "5, 5"})
    void notifiesDownOnceWhenRetriesAreExhausted(int retries, int expectedFailures) {
        HealthCheckConfig config = HealthCheckConfig.builder().retries(retries).build();
        MonitorState state = state(HEALTHY);
        List<Integer> downsAt = new ArrayList<>();
        for (int failure = 1; failure <= expectedFailures + 3; failure++) {
            Transition t = HealthReducer.reduce(state, fail(), config);
            if (effects(t).contains(Effect.NotifyDown.class)) {
                downsAt.add(failure);
            }
            state = t.state();
        }

        assertThat(downsAt).containsExactly(expectedFailures);
        assertThat(state.downNotified()).isTrue();
    }

    @Test
    void zeroRetriesMeanTheDefaultOfThree() {
        HealthCheckConfig config = HealthCheckConfig.builder().retries(0).build();

        assertThat(config.retries()).isEqualTo(3);
        MonitorState state = apply(state(HEALTHY), config, fail(), fail());
        assertThat(state.downNotified()).isFalse();
        assertThat(HealthReducer.reduce(state, fail(), config).effects()).hasOnlyElementsOfType(Effect.NotifyDown.class);
    }

    @Test
    void errorsCountTowardsTheDownNotification() {
        Transition t = HealthReducer.reduce(apply(state(HEALTHY), CONFIG, fail(), error()), error(), CONFIG);

        assertThat(t.state().consecutiveFailures()).isEqualTo(3);
        assertThat(t.state().consecutiveErrors()).isEqualTo(2);
        assertThat(effects(t)).containsExactly(Effect.NotifyDown.class);
    }

    @Test
    void downCarriesTheLastSeenTimeAndTheDetail() {
        MonitorState seen = HealthReducer.reduce(state(STARTING), pass(), CONFIG).state();
        Instant lastPass = seen.lastSeen();

        Transition t = HealthReducer.reduce(seen, fail("connection refused"), CONFIG.withRetries(1));

        Effect.NotifyDown down = (Effect.NotifyDown) t.effects().get(0);
        assertThat(down.lastSeen()).isEqualTo(lastPass);
        assertThat(down.detail()).isEqualTo("connection refused");
    }

    @Test
    void downWhenNeverSeenCarriesNoLastSeen() {
        Transition t = HealthReducer.reduce(state(STARTING), fail(), CONFIG.withRetries(1));

        assertThat(((Effect.NotifyDown) t.effects().get(0)).lastSeen()).isNull();
    }

    @Test
    void upOnlyAfterADownWasSentAndCarriesTheLatency() {
        MonitorState down = apply(state(HEALTHY), CONFIG, fail(), fail(), fail());
        assertThat(down.downNotified()).isTrue();

        Transition up = HealthReducer.reduce(down, pass(Duration.ofMillis(12)), CONFIG);

        assertThat(up.effects()).containsExactly(new Effect.NotifyUp("", Duration.ofMillis(12), up.state().lastSeen(),
                URL));
        assertThat(up.state().downNotified()).isFalse();
    }

    @Test
    void theOutageStartsWhenTheDownIsSentAndEndsWithTheUp() {
        MonitorState failing = apply(state(HEALTHY), CONFIG, fail(), fail());
        assertThat(failing.outageStart()).isNull();

        Transition down = HealthReducer.reduce(failing, fail(), CONFIG);
        Instant sent = ((Effect.NotifyDown) down.effects().get(0)).at();
        assertThat(down.state().outageStart()).isEqualTo(sent);

        MonitorState still = apply(down.state(), CONFIG, fail(), error());
        assertThat(still.outageStart()).isEqualTo(sent);
        assertThat(still.resumed().outageStart()).isEqualTo(sent);
        assertThat(still.restarted().outageStart()).isEqualTo(sent);

        Transition up = HealthReducer.reduce(still.resumed(), pass(), CONFIG);
        assertThat(up.effects()).hasSize(1);
        assertThat(up.previous().outageStart()).isEqualTo(sent);
        assertThat(up.state().outageStart()).isNull();
    }

    @Test
    void recoveryBeforeTheThresholdSendsNothing() {
        MonitorState failing = apply(state(HEALTHY), CONFIG, fail(), fail());

        Transition t = HealthReducer.reduce(failing, pass(), CONFIG);

        assertThat(t.effects()).isEmpty();
        assertThat(t.state().consecutiveFailures()).isZero();
    }

    @Test
    void aRecoveryResetsTheFailureCount() {
        HealthCheckConfig config = CONFIG.withRetries(2);
        MonitorState state = apply(state(HEALTHY), config, fail(), pass(), fail());
        assertThat(state.downNotified()).isFalse();
        assertThat(state.consecutiveFailures()).isEqualTo(1);

        assertThat(effects(HealthReducer.reduce(state, fail(), config))).containsExactly(Effect.NotifyDown.class);
    }

    @Test
    void oneDownPerOutageEvenWhenItFlipsBetweenFailAndError() {
        MonitorState state = apply(state(HEALTHY), CONFIG.withRetries(1), fail());
        assertThat(state.downNotified()).isTrue();

        for (Observation next : List.of(error(), fail(), error(), fail())) {
            Transition t = HealthReducer.reduce(state, next, CONFIG.withRetries(1));
            assertThat(t.effects()).noneMatch(Effect.NotifyDown.class::isInstance);
            state = t.state();
        }
    }

    @ParameterizedTest(name = "from {0}, healthyThreshold=3: healthy only after 3 passes")
    @EnumSource(value = HealthStatus.class, names = {"UNHEALTHY", "ERROR"})
    void healthyThresholdHoldsRecoveryUntilEnoughPasses(HealthStatus from) {
        HealthCheckConfig config = HealthCheckConfig.builder().healthyThreshold(3).retries(1).build();
        MonitorState state = apply(state(HEALTHY), config, from == ERROR ? error() : fail());
        state = state.withStatus(from);

        Transition first = HealthReducer.reduce(state, pass(), config);
        Transition second = HealthReducer.reduce(first.state(), pass(), config);
        Transition third = HealthReducer.reduce(second.state(), pass(), config);

        assertThat(first.state().status()).isEqualTo(from);
        assertThat(second.state().status()).isEqualTo(from);
        assertThat(first.effects()).isEmpty();
        assertThat(second.effects()).isEmpty();
        assertThat(third.state().status()).isEqualTo(HEALTHY);
        assertThat(effects(third)).containsExactly(Effect.NotifyUp.class);
    }

    @Test
    void healthyThresholdDoesNotDelayTheFirstPass() {
        HealthCheckConfig config = HealthCheckConfig.builder().healthyThreshold(3).build();

        assertThat(HealthReducer.reduce(state(STARTING), pass(), config).state().status()).isEqualTo(HEALTHY);
    }

    @Test
    void aFailInterruptsTheRunOfPasses() {
        HealthCheckConfig config = HealthCheckConfig.builder().healthyThreshold(2).build();
        MonitorState state = apply(state(UNHEALTHY), config, pass(), fail(), pass());

        assertThat(state.status()).isEqualTo(UNHEALTHY);
        assertThat(HealthReducer.reduce(state, pass(), config).state().status()).isEqualTo(HEALTHY);
    }

    @ParameterizedTest(name = "maxErrors={0}: stops after {0} errors in a row")
    @CsvSource({"1", "3", "5"})
    void maxErrorsInARowStopTheMonitor(int maxErrors) {
        HealthCheckConfig config = HealthCheckConfig.builder().maxErrors(maxErrors).build();
        MonitorState state = state(HEALTHY);
        for (int error = 1; error < maxErrors; error++) {
            Transition t = HealthReducer.reduce(state, error(), config);
            assertThat(t.stops()).isFalse();
            state = t.state();
        }

        Transition t = HealthReducer.reduce(state, error(), config);

        assertThat(t.stops()).isTrue();
        assertThat(t.effects()).contains(new Effect.Stop("stopped after " + maxErrors + " trials"));
        assertThat(t.state().status()).isEqualTo(ERROR);
        assertThat(t.state().stoppedByErrors()).isTrue();
    }

    @Test
    void theDefaultIsFiveErrorsInARow() {
        MonitorState state = apply(state(HEALTHY), CONFIG, error(), error(), error(), error());

        assertThat(HealthReducer.reduce(state, error(), CONFIG).stops()).isTrue();
    }

    @Test
    void anythingButAnErrorResetsTheErrorCount() {
        MonitorState state = apply(state(HEALTHY), CONFIG, error(), error(), error(), error(), fail(), error(),
                error(), error(), error());

        assertThat(state.consecutiveErrors()).isEqualTo(4);
        assertThat(state.stoppedByErrors()).isFalse();
    }

    @Test
    void finishStopsAnyRunningMonitor() {
        for (HealthStatus from : List.of(STARTING, HEALTHY, UNHEALTHY, ERROR, NAPPING)) {
            assertThat(HealthReducer.finish(state(from), "shutdown").state().status()).isEqualTo(STOPPED);
        }
    }

    @Test
    void aMonitorStoppedByErrorsStaysErrorWhenFinished() {
        MonitorState stopped = apply(state(HEALTHY), CONFIG.toBuilder().maxErrors(1).build(), error());

        Transition t = HealthReducer.finish(stopped, "shutdown");

        assertThat(t.state().status()).isEqualTo(ERROR);
        assertThat(t.statusChanged()).isFalse();
    }

    @Test
    void aStoppedMonitorIgnoresFurtherObservations() {
        MonitorState stopped = HealthReducer.finish(state(HEALTHY), "shutdown").state();

        Transition t = HealthReducer.reduce(stopped, fail(), CONFIG.withRetries(-1));

        assertThat(t.state()).isSameAs(stopped);
        assertThat(t.effects()).isEmpty();
    }

    @Test
    void lastSeenIsTheTimeOfTheLastPass() {
        Observation first = pass();
        Observation second = pass();
        MonitorState state = apply(state(STARTING), CONFIG, first, second, fail(), error());

        assertThat(state.lastSeen()).isEqualTo(second.at());
        assertThat(state.detail()).isEqualTo("boom");
    }

    @Test
    void aDownThatWasSentSurvivesARestart() {
        MonitorState down = apply(state(HEALTHY), CONFIG.withRetries(1), fail());

        MonitorState restarted = down.restarted();
        Transition up = HealthReducer.reduce(restarted, pass(), CONFIG);

        assertThat(restarted.status()).isEqualTo(STARTING);
        assertThat(restarted.consecutiveFailures()).isZero();
        assertThat(effects(up)).containsExactly(Effect.NotifyUp.class);
    }

    @Test
    void eachTransitionSaysWhatCausedIt() {
        Observation checked = fail();
        Transition check = HealthReducer.reduce(state(HEALTHY), checked, CONFIG);
        Transition finish = HealthReducer.finish(check.state(), "route removed");

        assertThat(check.cause()).isEqualTo(new Cause.Checked(checked));
        assertThat(check.observation()).contains(checked);
        assertThat(finish.cause()).isEqualTo(new Cause.Finished("route removed"));
        assertThat(finish.observation()).isEmpty();
    }

    @Test
    void notificationsNameTheUrlTheirCheckRanAgainst() {
        URI moved = URI.create("http://127.0.0.1:9090/health");
        Transition down = HealthReducer.reduce(state(HEALTHY), Observation.of(
                new Outcome.Fail(Duration.ofMillis(5), "connection refused"), tick(), moved), CONFIG.withRetries(1));
        Transition up = HealthReducer.reduce(down.state(), pass(), CONFIG);

        assertThat(((Effect.NotifyDown) down.effects().get(0)).url()).isEqualTo(moved);
        assertThat(((Effect.NotifyUp) up.effects().get(0)).url()).isEqualTo(URL);
    }

    @ParameterizedTest(name = "{0} + crash -> error, stopped")
    @EnumSource(value = HealthStatus.class, names = {"STARTING", "HEALTHY", "UNHEALTHY", "ERROR", "NAPPING"})
    void aCrashStopsTheMonitorInErrorKeepingWhatItKnew(HealthStatus from) {
        MonitorState before = apply(state(from), CONFIG, pass(), fail());

        Transition t = HealthReducer.crash(before, "java.lang.IllegalStateException: bug");

        assertThat(t.cause()).isEqualTo(new Cause.Crashed("java.lang.IllegalStateException: bug"));
        assertThat(t.state().status()).isEqualTo(ERROR);
        assertThat(t.state().stoppedByErrors()).isTrue();
        assertThat(t.state().consecutiveFailures()).isEqualTo(before.consecutiveFailures());
        assertThat(t.state().lastSeen()).isEqualTo(before.lastSeen());
        assertThat(t.state().lastObservation()).isEqualTo(before.lastObservation());
        assertThat(t.effects()).containsExactly(new Effect.Stop("crashed: java.lang.IllegalStateException: bug"));
        assertThat(HealthReducer.reduce(t.state(), pass(), CONFIG).state()).isSameAs(t.state());
    }

    private static MonitorState state(HealthStatus status) {
        return MonitorState.starting("api").withStatus(status);
    }

    private static MonitorState apply(MonitorState start, HealthCheckConfig config, Observation... observations) {
        MonitorState state = start;
        for (Observation observation : observations) {
            state = HealthReducer.reduce(state, observation, config).state();
        }
        return state;
    }

    private static List<Class<?>> effects(Transition t) {
        return t.effects().stream().<Class<?>>map(Object::getClass).toList();
    }

    private Observation pass() {
        return pass(Duration.ofMillis(5));
    }

    private Observation pass(Duration latency) {
        return Observation.of(new Outcome.Pass(latency, ""), tick(), URL);
    }

    private Observation fail() {
        return fail("HTTP 503 Service Unavailable");
    }

    private Observation fail(String detail) {
        return Observation.of(new Outcome.Fail(Duration.ofMillis(5), detail), tick(), URL);
    }

    private Observation error() {
        return Observation.of(new Outcome.Error("boom"), tick(), URL);
    }

    private Instant tick() {
        return T0.plusSeconds(30L * clock++);
    }
}
