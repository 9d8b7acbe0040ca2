package dev.healthmon.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.healthmon.core.model.Effect;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.Transition;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.core.probe.agent.AgentCheckException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The timing of a backoff, in virtual time: a monitor whose agent is down checks every interval until
 * {@code maxErrors} errors in a row, then waits 2, 4, 8 and at most 16 intervals between checks, and checks every
 * interval again once the agent is back.
 */
class AgentBackoffTest {

    private static final URI TARGET = URI.create("http://10.0.0.5:3000");
    private static final URI AGENT = URI.create("http://127.0.0.1:8890");
    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().interval(Duration.ofSeconds(10))
            .timeout(Duration.ofSeconds(5)).retries(1).maxErrors(5).jitter(Duration.ZERO).build();

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final List<Long> checkedAt = new CopyOnWriteArrayList<>();
    private final List<Transition> transitions = new CopyOnWriteArrayList<>();

    @Test
    void anAgentDownBacksOffUpToSixteenIntervalsAndTheMonitorRecoversWhenItIsBack() {
        // the agent refuses connections for the first 600 s, then answers
        Probe agentDownUntil600 = url -> Mono.defer(() -> {
            long now = vts.now(TimeUnit.SECONDS);
            checkedAt.add(now);
            return now < 600
                    ? Mono.error(AgentCheckException.unreachable(AGENT, new ConnectException("Connection refused")))
                    : Mono.just(HealthCheckResult.healthy(Duration.ofMillis(3)));
        });

        StepVerifier.withVirtualTime(() -> MonitorLoop.create("remote", () -> TARGET, agentDownUntil600, CONFIG, vts)
                                .transitions()
                                .doOnNext(transitions::add),
                        () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .expectNextCount(1)
                .thenAwait(Duration.ofSeconds(500))
                .expectNextCount(9)
                .expectNoEvent(Duration.ofSeconds(159))
                .thenAwait(Duration.ofSeconds(1))
                .expectNextCount(1)
                .thenAwait(Duration.ofSeconds(40))
                .expectNextCount(4)
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        // every interval up to the 5th error at 40 s; then 2, 4, 8, 16, 16 intervals; every interval once it is back
        assertThat(checkedAt).containsExactly(0L, 10L, 20L, 30L, 40L, 60L, 100L, 180L, 340L, 500L, 660L, 670L, 680L,
                690L, 700L);
        assertThat(transitions).noneMatch(Transition::stops);
        assertThat(transitions.subList(0, 10)).allMatch(t -> t.state().status() == HealthStatus.ERROR);
        assertThat(transitions.get(4).effects()).contains(new Effect.Backoff(Duration.ofSeconds(20)));
        assertThat(transitions.get(9).effects()).contains(new Effect.Backoff(Duration.ofSeconds(160)));
        Transition back = transitions.get(10);
        assertThat(back.state().status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(back.effects()).anyMatch(Effect.NotifyUp.class::isInstance);
    }
}
