package dev.healthmon.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.probe.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** No start-up storm: monitors that start together have their first checks spread over their first interval. */
class StartSpreadTest {

    private static final int MONITORS = 1_000;
    private static final URI URL = URI.create("tcp://127.0.0.1:1");
    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().interval(Duration.ofSeconds(1))
            .jitter(Duration.ZERO).build();
    private static final Probe UP = url -> Mono.just(HealthCheckResult.healthy(Duration.ofMillis(1)));

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final MonitorRegistry registry = MonitorRegistry.create(MonitorTask.root("spread"), vts);

    @AfterEach
    void dispose() {
        registry.dispose();
    }

    @Test
    void firstChecksOfMonitorsStartedTogetherAreSpreadOverTheInterval() {
        MonitorOptions options = MonitorOptions.on(vts).spreadStart();

        StepVerifier.withVirtualTime(() -> firstCheckTimes(MONITORS), () -> vts, Long.MAX_VALUE)
                .then(() -> addAll("m", options))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(times -> {
                    // the first few of the burst check at once; a storm would have put every check at 0
                    assertThat(times.stream().filter(t -> t == 0L).count())
                            .isLessThanOrEqualTo(StartSpread.AT_ONCE + 3);
                    assertThat(times).allSatisfy(t -> assertThat(t).isBetween(0L, 999L));
                    long[] tenths = new long[10];
                    times.forEach(t -> tenths[(int) (t / 100)]++);
                    // uniform: about 100 in each tenth of the interval
                    for (long n : tenths) {
                        assertThat(n).isBetween(50L, 160L + StartSpread.AT_ONCE);
                    }
                })
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void aMonitorStartedAloneChecksAtOnce() {
        MonitorOptions options = MonitorOptions.on(vts).spreadStart();

        StepVerifier.withVirtualTime(() -> firstCheckTimes(MONITORS + 1), () -> vts, Long.MAX_VALUE)
                .then(() -> addAll("m", options))
                .thenAwait(Duration.ofSeconds(2))
                .then(() -> registry.add(Monitors.of("alone", CONFIG, URL, UP, options)))
                .assertNext(times -> assertThat(times.get(MONITORS)).isEqualTo(2_000L))
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void withoutSpreadEveryFirstCheckRunsAtOnce() {
        MonitorOptions options = MonitorOptions.on(vts);

        StepVerifier.withVirtualTime(() -> firstCheckTimes(MONITORS), () -> vts, Long.MAX_VALUE)
                .then(() -> addAll("m", options))
                .assertNext(times -> assertThat(times).containsOnly(0L))
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    // the time of each monitor's first check, in milliseconds of virtual time, in the order they ran
    private reactor.core.publisher.Mono<List<Long>> firstCheckTimes(int count) {
        return registry.events()
                .ofType(MonitorEvent.Checked.class)
                .distinct(MonitorEvent::name)
                .map(checked -> checked.time().toEpochMilli())
                .take(count)
                .collectList();
    }

    private void addAll(String prefix, MonitorOptions options) {
        for (int i = 0; i < MONITORS; i++) {
            registry.add(Monitors.of(String.format(Locale.ROOT, "%s-%04d", prefix, i), CONFIG, URL, UP, options));
        }
    }
}
