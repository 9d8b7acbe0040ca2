package dev.healthmon.core.schedule;

import static dev.healthmon.testing.ScriptedProbe.pass;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.Notification;
import dev.healthmon.testing.ScriptedProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A monitor whose target gets slow and fast again, in virtual time: degraded, then recovered, each once. */
class DegradedMonitorTest {

    private static final URI URL = URI.create("http://127.0.0.1:8080");
    private static final Duration SLOW = Duration.ofMillis(1200);

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final MonitorRegistry registry = MonitorRegistry.create(MonitorTask.root("healthmon"), vts);
    private final List<MonitorEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void dispose() {
        registry.dispose();
    }

    @Test
    void threeSlowChecksInARowMakeDegradedAndAFastOneRecovers() {
        HealthCheckConfig config = HealthCheckConfig.builder().interval(Duration.ofSeconds(30)).jitter(Duration.ZERO)
                .degradedAbove(Duration.ofMillis(800)).degradedChecks(3).build();
        ScriptedProbe probe = ScriptedProbe.of(pass(), pass(SLOW), pass(SLOW), pass(), pass(SLOW), pass(SLOW),
                pass(SLOW), pass(SLOW), pass());
        registry.events().subscribe(events::add);

        HealthMonitor api = registry.add(Monitors.of("api", config, URL, probe, MonitorOptions.on(vts)));
        vts.advanceTimeBy(Duration.ofSeconds(30 * 6));
        HealthStatus afterSixSlow = api.status();
        vts.advanceTimeBy(Duration.ofSeconds(30));
        HealthStatus afterSeven = api.status();
        vts.advanceTimeBy(Duration.ofSeconds(30));

        assertThat(afterSixSlow).isEqualTo(HealthStatus.DEGRADED);
        assertThat(afterSeven).isEqualTo(HealthStatus.DEGRADED);
        assertThat(api.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(events).filteredOn(Notification.class::isInstance).map(Notification.class::cast)
                .extracting(Notification::kind, n -> n.time().getEpochSecond())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Notification.Kind.DEGRADED, 180L),
                        org.assertj.core.groups.Tuple.tuple(Notification.Kind.RECOVERED, 240L));
    }
}
