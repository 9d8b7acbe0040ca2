package dev.healthmon.core.schedule;

import static dev.healthmon.testing.ScriptedProbe.error;
import static dev.healthmon.testing.ScriptedProbe.hang;
import static dev.healthmon.testing.ScriptedProbe.pass;
import static dev.healthmon.testing.ScriptedProbe.slowPass;
import static dev.healthmon.testing.ScriptedProbe.thrown;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.healthmon.core.model.Cause;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.Observation;
import dev.healthmon.core.model.Outcome;
import dev.healthmon.core.model.Transition;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.testing.ScriptedProbe;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The timing rules of DESIGN section 4, proven in virtual time. */
class MonitorLoopTest {

    private static final URI TARGET = URI.create("http://127.0.0.1:8080");
    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder()
            .interval(Duration.ofSeconds(30))
            .timeout(Duration.ofSeconds(5))
            .retries(3)
            .build();

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();

    @Test
    void aFirstCheckDelayMovesTheWholeSchedule() {
        ScriptedProbe probe = ScriptedProbe.of(pass());

        StepVerifier.withVirtualTime(() -> loop(probe, CONFIG).withJitterDelay(Duration.ofSeconds(7))
                                .withFirstCheckDelay(Duration.ofSeconds(12)).transitions(),
                        () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(12))
                .assertNext(t -> assertThat(checkedAt(t)).isEqualTo(seconds(12)))
                .expectNoEvent(Duration.ofSeconds(37))
                .assertNext(t -> assertThat(checkedAt(t)).isEqualTo(seconds(49)))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aFinishedCheckIsNotHeldUntilTheNextTick() {
        // a check's operators capture what the probe made; 10,000 monitors each holding their last check's chain
        // between ticks held some 30 MB
        List<WeakReference<Object>> made = new ArrayList<>();
        Probe probe = url -> {
            Object captured = new Object();
            made.add(new WeakReference<>(captured));
            return Mono.fromSupplier(() -> HealthCheckResult.healthy(Duration.ofMillis(captured.hashCode() & 1)));
        };
        List<Transition> seen = new ArrayList<>();
        Disposable run = MonitorLoop.create("api", () -> TARGET, probe, CONFIG, vts).transitions().subscribe(seen::add);
        try {
            vts.advanceTime();
            assertThat(seen).hasSize(1);
            assertThat(made).hasSize(1);
            for (int i = 0; i < 10 && made.get(0).get() != null; i++) {
                System.gc();
            }
            assertThat(made.get(0).get()).isNull();
        }
        finally {
            run.dispose();
        }
    }

    @Test
    void firstCheckRunsAtOnceThenEveryIntervalAfterTheJitter() {
        ScriptedProbe probe = ScriptedProbe.of(pass());

        StepVerifier.withVirtualTime(() -> loop(probe, CONFIG).withJitterDelay(Duration.ofSeconds(7)).transitions(),
                        () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .assertNext(t -> assertThat(checkedAt(t)).isEqualTo(seconds(0)))
                .expectNoEvent(Duration.ofSeconds(36))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(t -> assertThat(checkedAt(t)).isEqualTo(seconds(37)))
                .expectNoEvent(Duration.ofSeconds(29))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(t -> assertThat(checkedAt(t)).isEqualTo(seconds(67)))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void firstTransitionTakesTheMonitorOutOfStarting() {
        StepVerifier.withVirtualTime(() -> loop(ScriptedProbe.of(pass()), CONFIG).transitions(), () -> vts, 1)
                .assertNext(t -> {
                    assertThat(t.previous().status()).isEqualTo(HealthStatus.STARTING);
                    assertThat(t.state().status()).isEqualTo(HealthStatus.HEALTHY);
                    assertThat(t.statusChanged()).isTrue();
                })
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void slowProbeSkipsTicksInsteadOfPilingUp() {
        HealthCheckConfig config = CONFIG.toBuilder().interval(Duration.ofSeconds(10)).timeout(Duration.ofMinutes(1))
                .build();
        ScriptedProbe probe = ScriptedProbe.of(slowPass(Duration.ofSeconds(25), vts));

        // checks run 0-25, 30-55, 60-85, 90-115: the ticks at 10, 20, 40, 50, 70, 80 arrive during a check
        StepVerifier.withVirtualTime(() -> loop(probe, config).transitions(), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(100))
                .assertNext(t -> assertThat(checkedAt(t)).isEqualTo(seconds(25)))
                .assertNext(t -> assertThat(checkedAt(t)).isEqualTo(seconds(55)))
                .assertNext(t -> assertThat(checkedAt(t)).isEqualTo(seconds(85)))
                .expectNoEvent(Duration.ofSeconds(14))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(t -> assertThat(checkedAt(t)).isEqualTo(seconds(115)))
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(probe.checks()).isEqualTo(4);
    }

    @Test
    void checkThatNeverAnswersEndsAtTheTimeoutAsAFailAndIsCancelled() {
        ScriptedProbe probe = ScriptedProbe.of(hang());

        StepVerifier.withVirtualTime(() -> loop(probe, CONFIG).transitions(), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(4))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(t -> {
                    Observation observation = t.state().lastObservation();
                    assertThat(observation.outcome()).isEqualTo(new Outcome.Fail(Duration.ofSeconds(5),
                            "timeout after 5s"));
                    assertThat(observation.at()).isEqualTo(seconds(5));
                    assertThat(t.state().status()).isEqualTo(HealthStatus.UNHEALTHY);
                })
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(probe.cancellations()).isEqualTo(1);
    }

    @Test
    void finishingDuringTheJitterRunsNoFurtherCheck() {
        ScriptedProbe probe = ScriptedProbe.of(pass());
        Sinks.One<String> finish = Sinks.one();

        StepVerifier.withVirtualTime(() -> loop(probe, CONFIG).withJitterDelay(Duration.ofSeconds(10))
                                .until(finish.asMono()).transitions(), () -> vts, Long.MAX_VALUE)
                .assertNext(t -> assertThat(t.state().status()).isEqualTo(HealthStatus.HEALTHY))
                .thenAwait(Duration.ofSeconds(5))
                .then(() -> finish.tryEmitValue("route removed"))
                .assertNext(t -> assertThat(t.state().status()).isEqualTo(HealthStatus.STOPPED))
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        vts.advanceTimeBy(Duration.ofHours(1));
        assertThat(probe.checks()).isEqualTo(1);
    }

    @Test
    void finishingDuringACheckCancelsItAndStopsAtOnce() {
        ScriptedProbe probe = ScriptedProbe.of(pass(), hang());
        Sinks.One<String> finish = Sinks.one();
        HealthCheckConfig config = CONFIG.withTimeout(Duration.ofSeconds(20));

        StepVerifier.withVirtualTime(() -> loop(probe, config).until(finish.asMono()).transitions(), () -> vts,
                        Long.MAX_VALUE)
                .expectNextCount(1)
                .thenAwait(Duration.ofSeconds(40))
                .then(() -> finish.tryEmitValue("shutdown"))
                .assertNext(t -> {
                    assertThat(t.state().status()).isEqualTo(HealthStatus.STOPPED);
                    assertThat(t.previous().status()).isEqualTo(HealthStatus.HEALTHY);
                })
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        assertThat(probe.checks()).isEqualTo(2);
        assertThat(probe.cancellations()).isEqualTo(1);
    }

    @Test
    void aLoopFinishedBeforeItStartsRunsNoCheck() {
        ScriptedProbe probe = ScriptedProbe.of(pass());

        StepVerifier.withVirtualTime(() -> loop(probe, CONFIG).until(Mono.just("gone")).transitions(), () -> vts,
                        Long.MAX_VALUE)
                .assertNext(t -> assertThat(t.state().status()).isEqualTo(HealthStatus.STOPPED))
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        assertThat(probe.checks()).isZero();
    }

    @Test
    void checkErrorsAreDataAndMaxErrorsInARowStopTheLoop() {
        HealthCheckConfig config = CONFIG.toBuilder().maxErrors(3).build();
        ScriptedProbe probe = ScriptedProbe.of(error("docker daemon unreachable"), thrown("bug in check"),
                url -> Mono.empty());

        StepVerifier.withVirtualTime(() -> loop(probe, config).transitions(), () -> vts, Long.MAX_VALUE)
                .assertNext(t -> assertThat(t.state().detail()).isEqualTo("docker daemon unreachable"))
                .thenAwait(Duration.ofSeconds(30))
                .assertNext(t -> assertThat(t.state().detail()).isEqualTo("bug in check"))
                .thenAwait(Duration.ofSeconds(30))
                .assertNext(t -> {
                    assertThat(t.state().detail()).isEqualTo("the check completed without a result");
                    assertThat(t.stops()).isTrue();
                    assertThat(t.state().status()).isEqualTo(HealthStatus.ERROR);
                })
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        vts.advanceTimeBy(Duration.ofHours(1));
        assertThat(probe.checks()).isEqualTo(3);
    }

    @Test
    void eachCheckReadsTheCurrentUrl() {
        URI[] current = {TARGET};
        ScriptedProbe probe = ScriptedProbe.of(pass());
        URI moved = URI.create("http://127.0.0.1:9090");

        StepVerifier.withVirtualTime(() -> MonitorLoop.create("api", () -> current[0], probe, CONFIG, vts)
                        .transitions(), () -> vts, Long.MAX_VALUE)
                .expectNextCount(1)
                .then(() -> current[0] = moved)
                .thenAwait(Duration.ofSeconds(30))
                .expectNextCount(1)
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(probe.urls()).containsExactly(TARGET, moved);
    }

    @Test
    void aLateAnswerAfterTheTimeoutIsIgnored() {
        ScriptedProbe probe = ScriptedProbe.of(url -> Mono.delay(Duration.ofSeconds(8), vts)
                .thenReturn(HealthCheckResult.healthy(Duration.ofSeconds(8))));

        StepVerifier.withVirtualTime(() -> loop(probe, CONFIG).transitions(), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(5))
                .assertNext(t -> assertThat(t.state().detail()).isEqualTo("timeout after 5s"))
                .expectNoEvent(Duration.ofSeconds(20))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void eachTransitionCarriesTheObservationOfItsCheckOrTheFinish() {
        Sinks.One<String> finish = Sinks.one();

        StepVerifier.withVirtualTime(() -> loop(ScriptedProbe.of(pass()), CONFIG).until(finish.asMono())
                        .transitions(), () -> vts, Long.MAX_VALUE)
                .assertNext(t -> {
                    Observation observation = ((Cause.Checked) t.cause()).observation();
                    assertThat(observation).isSameAs(t.state().lastObservation());
                    assertThat(observation.url()).isEqualTo(TARGET);
                })
                .then(() -> finish.tryEmitValue("route removed"))
                .assertNext(t -> assertThat(t.cause()).isEqualTo(new Cause.Finished("route removed")))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void everyCheckIsACauseEvenWhenNothingChanges() {
        // two checks in a row with equal outcomes are still two causes: nothing compares states to find them
        ScriptedProbe probe = ScriptedProbe.of(pass());

        StepVerifier.withVirtualTime(() -> loop(probe, CONFIG).transitions(), () -> vts, Long.MAX_VALUE)
                .assertNext(t -> assertThat(t.observation()).isPresent())
                .thenAwait(Duration.ofSeconds(30))
                .assertNext(t -> {
                    assertThat(t.observation()).isPresent();
                    assertThat(t.statusChanged()).isFalse();
                })
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    private MonitorLoop loop(ScriptedProbe probe, HealthCheckConfig config) {
        return MonitorLoop.create("api", () -> TARGET, probe, config, vts);
    }

    private static Instant checkedAt(Transition t) {
        return t.state().lastObservation().at();
    }

    private static Instant seconds(long s) {
        return Instant.ofEpochSecond(s);
    }
}
