package dev.healthmon.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.healthmon.core.machine.MaintenanceRule;
import dev.healthmon.core.model.ActiveWindow;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.Maintenance;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.Notification;
import dev.healthmon.core.probe.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Maintenance windows through the real registry and pipeline, in virtual time and a given time zone. */
class MaintenanceWindowTest {

    private static final URI URL = URI.create("tcp://127.0.0.1:5432");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().interval(Duration.ofSeconds(30))
            .jitter(Duration.ZERO).retries(1).group("edge").build();
    // 02:00 in Paris, summer time: 00:00 UTC
    private static final Maintenance NIGHTLY = new Maintenance("nightly", CronExpression.parse("0 0 2 * * *")::next,
            Duration.ofHours(1), PARIS, false, Set.of("api"), Set.of());

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final MonitorRegistry registry = MonitorRegistry.create(MonitorTask.root("healthmon"), vts);
    private final List<MonitorEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicBoolean up = new AtomicBoolean(true);

    @AfterEach
    void dispose() {
        registry.dispose();
    }

    @Test
    void aDownDuringANightlyWindowInParisIsHeldAndSentOnceWhenTheWindowEnds() {
        vts.advanceTimeTo(Instant.parse("2026-06-01T23:30:00Z"));
        registry.events().subscribe(events::add);
        registry.maintenance(List.of(NIGHTLY));
        HealthMonitor api = registry.add(Monitors.of("api", CONFIG, URL, probe(), MonitorOptions.on(vts)));
        HealthMonitor other = registry.add(Monitors.of("other", CONFIG.toBuilder().group(null).build(), URL, probe(),
                MonitorOptions.on(vts)));

        advanceTo("2026-06-02T00:10:00Z");
        up.set(false);
        advanceTo("2026-06-02T00:30:00Z");
        String held = api.snapshot().held();
        ActiveWindow window = api.snapshot().maintenance();
        advanceTo("2026-06-02T01:05:00Z");

        assertThat(held).isEqualTo("maintenance 'nightly'");
        assertThat(window).isEqualTo(new ActiveWindow("nightly", Instant.parse("2026-06-02T00:00:00Z"),
                Instant.parse("2026-06-02T01:00:00Z")));
        assertThat(api.snapshot().maintenance()).isNull();
        assertThat(other.snapshot().maintenance()).isNull();
        List<Notification> downs = events.stream().filter(Notification.class::isInstance)
                .map(Notification.class::cast).filter(n -> n.name().equals("api")).toList();
        assertThat(downs).singleElement().satisfies(down -> {
            assertThat(down.kind()).isEqualTo(Notification.Kind.DOWN);
            assertThat(down.time()).isBetween(Instant.parse("2026-06-02T01:00:00Z"),
                    Instant.parse("2026-06-02T01:00:30Z"));
        });
        assertThat(events).filteredOn(MonitorEvent.Maintenance.class::isInstance)
                .map(MonitorEvent.Maintenance.class::cast)
                .extracting(MonitorEvent.Maintenance::name, MonitorEvent.Maintenance::active,
                        MonitorEvent.Maintenance::from, MonitorEvent.Maintenance::until)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("api", true, Instant.parse("2026-06-02T00:00:00Z"),
                                Instant.parse("2026-06-02T01:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple("api", false, Instant.parse("2026-06-02T00:00:00Z"),
                                Instant.parse("2026-06-02T01:00:00Z")));
    }

    @Test
    void anUpForADownSentBeforeTheWindowStillGoesOut() {
        vts.advanceTimeTo(Instant.parse("2026-06-01T23:30:00Z"));
        registry.events().ofType(Notification.class).subscribe(events::add);
        registry.maintenance(List.of(NIGHTLY));
        registry.add(Monitors.of("api", CONFIG, URL, probe(), MonitorOptions.on(vts)));

        up.set(false);
        advanceTo("2026-06-02T00:10:00Z");
        up.set(true);
        advanceTo("2026-06-02T00:20:00Z");

        assertThat(events).map(Notification.class::cast).extracting(Notification::kind)
                .containsExactly(Notification.Kind.DOWN, Notification.Kind.UP);
    }

    @Test
    void aMuteOfAGroupHoldsItsDownsUntilItIsEnded() {
        registry.events().ofType(Notification.class).subscribe(events::add);
        HealthMonitor api = registry.add(Monitors.of("api", CONFIG, URL, probe(), MonitorOptions.on(vts)));

        assertThat(registry.muteGroup("edge", Duration.ofHours(2))).isPresent();
        assertThat(registry.muteGroup("nowhere", Duration.ofHours(2))).isEmpty();
        up.set(false);
        vts.advanceTimeBy(Duration.ofMinutes(10));
        String held = api.snapshot().held();
        boolean ended = registry.unmuteGroup("edge");
        vts.advanceTimeBy(Duration.ofSeconds(30));

        assertThat(held).isEqualTo("maintenance 'mute'");
        assertThat(ended).isTrue();
        assertThat(events).map(Notification.class::cast).extracting(Notification::kind)
                .containsExactly(Notification.Kind.DOWN);
    }

    @Test
    void theRuleReadsTheCronInTheWindowsZone() {
        // 02:30 in Paris in winter is 01:30 UTC; in New York it is 07:30 UTC
        Maintenance paris = new Maintenance("w", CronExpression.parse("0 30 2 * * *")::next, Duration.ofHours(1),
                PARIS, true, Set.of(), Set.of());
        Maintenance newYork = new Maintenance("w", CronExpression.parse("0 30 2 * * *")::next, Duration.ofHours(1),
                ZoneId.of("America/New_York"), true, Set.of(), Set.of());

        ActiveWindow open = MaintenanceRule.active(paris, Instant.parse("2026-01-15T01:45:00Z"));

        assertThat(open).isEqualTo(new ActiveWindow("w", Instant.parse("2026-01-15T01:30:00Z"),
                Instant.parse("2026-01-15T02:30:00Z")));
        assertThat(MaintenanceRule.active(paris, Instant.parse("2026-01-15T02:30:00Z"))).isNull();
        assertThat(MaintenanceRule.active(paris, Instant.parse("2026-01-15T01:29:59Z"))).isNull();
        assertThat(MaintenanceRule.active(newYork, Instant.parse("2026-01-15T07:45:00Z"))).isNotNull();
        assertThat(MaintenanceRule.nextChange(List.of(paris), List.of(), Instant.parse("2026-01-14T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-15T01:30:00Z"));
        assertThat(MaintenanceRule.nextChange(List.of(paris), List.of(), open.from())).isEqualTo(open.until());
    }

    private void advanceTo(String instant) {
        vts.advanceTimeTo(Instant.parse(instant));
    }

    private Probe probe() {
        return target -> Mono.fromSupplier(() -> up.get() ? HealthCheckResult.healthy(Duration.ofMillis(3))
                : HealthCheckResult.unhealthy("connection refused"));
    }
}
