package dev.healthmon.core.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.healthmon.core.model.Effect;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.MonitorState;
import dev.healthmon.core.model.Observation;
import dev.healthmon.core.model.Outcome;
import dev.healthmon.core.model.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The certificate rule: once per threshold crossed by the earliest expiry, through the reducer. */
class CertificateRuleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final URI URL = URI.create("https://127.0.0.1:8443");
    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder()
            .certificateExpiry(List.of(Duration.ofDays(7), Duration.ofDays(21))).build();

    @Test
    void aDailyCheckNotifiesAt21DaysThenAt7DaysAndNeverAgain() {
        Instant expiry = T0.plus(Duration.ofDays(30));
        MonitorState state = MonitorState.starting("api");
        List<Effect.NotifyCertificate> sent = new ArrayList<>();
        for (int day = 0; day <= 40; day++) {
            Transition t = HealthReducer.reduce(state, pass(T0.plus(Duration.ofDays(day)), expiry), CONFIG);
            state = t.state();
            t.effects().stream().filter(Effect.NotifyCertificate.class::isInstance)
                    .map(Effect.NotifyCertificate.class::cast).forEach(sent::add);
        }

        assertThat(sent).extracting(Effect.NotifyCertificate::threshold, e -> e.at())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Duration.ofDays(21), T0.plus(Duration.ofDays(9))),
                        org.assertj.core.groups.Tuple.tuple(Duration.ofDays(7), T0.plus(Duration.ofDays(23))));
        assertThat(state.alerts().certificateExpiry()).isEqualTo(expiry);
    }

    @ParameterizedTest(name = "{0} days left -> notifies {1}")
    @CsvSource({"30, -1", "21, 21", "20, 21", "7, 7", "1, 7", "-3, 7"})
    void aFirstCheckNotifiesTheSmallestThresholdItIsWithin(long days, long threshold) {
        Transition t = HealthReducer.reduce(MonitorState.starting("api"),
                pass(T0, T0.plus(Duration.ofDays(days))), CONFIG);

        if (threshold < 0) {
            assertThat(t.effects()).isEmpty();
        }
        else {
            assertThat(t.effects()).singleElement().isInstanceOfSatisfying(Effect.NotifyCertificate.class,
                    e -> assertThat(e.threshold()).isEqualTo(Duration.ofDays(threshold)));
        }
    }

    @Test
    void aRenewedCertificateIsNotifiedAgainWhenItsTimeComes() {
        MonitorState state = HealthReducer.reduce(MonitorState.starting("api"),
                pass(T0, T0.plus(Duration.ofDays(6))), CONFIG).state();
        Transition renewed = HealthReducer.reduce(state, pass(T0.plusSeconds(60), T0.plus(Duration.ofDays(90))),
                CONFIG);
        Transition later = HealthReducer.reduce(renewed.state(),
                pass(T0.plus(Duration.ofDays(70)), T0.plus(Duration.ofDays(90))), CONFIG);

        assertThat(renewed.effects()).isEmpty();
        assertThat(renewed.state().alerts().certificateNotified()).isNull();
        assertThat(later.effects()).singleElement().isInstanceOf(Effect.NotifyCertificate.class);
    }

    @Test
    void withoutThresholdsOrWithoutACertificateNothingIsSent() {
        Transition none = HealthReducer.reduce(MonitorState.starting("api"), pass(T0, T0.plusSeconds(60)),
                HealthCheckConfig.defaults());
        Transition plain = HealthReducer.reduce(MonitorState.starting("api"),
                Observation.of(new Outcome.Pass(Duration.ofMillis(5), ""), T0, URL), CONFIG);

        assertThat(none.effects()).isEmpty();
        assertThat(none.state().alerts().certificateExpiry()).isEqualTo(T0.plusSeconds(60));
        assertThat(plain.effects()).isEmpty();
    }

    private static Observation pass(Instant at, Instant expiry) {
        return Observation.of(new Outcome.Pass(Duration.ofMillis(5), "HTTP 200 OK", expiry), at, URL);
    }
}
