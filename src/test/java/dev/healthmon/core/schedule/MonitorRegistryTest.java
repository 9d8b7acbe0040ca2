package dev.healthmon.core.schedule;

import static dev.healthmon.testing.ScriptedProbe.fail;
import static dev.healthmon.testing.ScriptedProbe.pass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.Lifecycle;
import dev.healthmon.core.model.MonitorEvent.Lifecycle.Action;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.testing.ScriptedProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The registry: unique names, run-time add, replace and remove, the merged event stream and snapshots. */
class MonitorRegistryTest {

    private static final URI URL = URI.create("tcp://127.0.0.1:5432");
    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().interval(Duration.ofSeconds(30))
            .timeout(Duration.ofSeconds(5)).jitter(Duration.ZERO).retries(1).build();

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final MonitorRegistry registry = MonitorRegistry.create(MonitorTask.root("healthmon"), vts);
    private final List<MonitorEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void dispose() {
        registry.dispose();
    }

    @Test
    void addStartsTheMonitorAndAnnouncesIt() {
        registry.events().subscribe(events::add);

        HealthMonitor api = registry.add(monitor("api", ScriptedProbe.of(pass())));

        assertThat(api.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(api.task().name()).isEqualTo("healthmon/api");
        assertThat(events.get(0)).isEqualTo(new Lifecycle("api", Action.ADDED, "", Instant.EPOCH));
        assertThat(events).hasSize(4);
        assertThat(registry.get("api")).containsSame(api);
    }

    @Test
    void changesAreEveryEventButCheckResultsInTheSameOrder() {
        List<MonitorEvent> changes = new CopyOnWriteArrayList<>();
        registry.events().subscribe(events::add);
        registry.changes().subscribe(changes::add);

        registry.add(monitor("api", ScriptedProbe.of(pass(), fail("HTTP 503 Service Unavailable"))));
        vts.advanceTimeBy(Duration.ofSeconds(30));

        assertThat(events).filteredOn(e -> e instanceof MonitorEvent.Checked).hasSize(2);
        assertThat(changes).isNotEmpty()
                .containsExactlyElementsOf(events.stream().filter(e -> !(e instanceof MonitorEvent.Checked))
                        .toList());
    }

    @Test
    void checkResultsAreWantedOnlyWhileSomeoneSubscribesToEveryEvent() {
        EventSink sink = new EventSink();
        assertThat(sink.wantsChecks()).isFalse();
        var changes = sink.changes().subscribe();
        assertThat(sink.wantsChecks()).isFalse();
        var all = sink.flux().subscribe();
        assertThat(sink.wantsChecks()).isTrue();
        all.dispose();
        changes.dispose();
        assertThat(sink.wantsChecks()).isFalse();
        assertThat(sink.hasSubscribers()).isFalse();
    }

    @Test
    void namesAreUnique() {
        registry.add(monitor("api", ScriptedProbe.of(pass())));
        HealthMonitor twin = monitor("api", ScriptedProbe.of(pass()));

        assertThatThrownBy(() -> registry.add(twin)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("monitor 'api' already exists");
        assertThat(twin.status()).isEqualTo(HealthStatus.UNKNOWN);
    }

    @Test
    void removeStopsTheMonitorAndAnnouncesIt() {
        ScriptedProbe probe = ScriptedProbe.of(pass());
        HealthMonitor api = registry.add(monitor("api", probe));
        registry.events().subscribe(events::add);

        assertThat(registry.remove("api")).isTrue();
        vts.advanceTimeBy(Duration.ofHours(1));

        assertThat(api.status()).isEqualTo(HealthStatus.STOPPED);
        assertThat(probe.checks()).isEqualTo(1);
        assertThat(events).last().isEqualTo(new Lifecycle("api", Action.REMOVED, "removed", Instant.EPOCH));
        assertThat(registry.get("api")).isEmpty();
        assertThat(registry.remove("api")).isFalse();
    }

    @Test
    void aReplacedMonitorKeepsItsNamesLastSeen() {
        registry.add(monitor("api", ScriptedProbe.of(pass(), fail())));
        vts.advanceTimeBy(Duration.ofSeconds(30));
        ScriptedProbe failing = ScriptedProbe.of(fail());

        HealthMonitor replacement = registry.replace(monitor("api", failing));

        assertThat(replacement.lastSeen()).isEqualTo(Instant.EPOCH);
        assertThat(replacement.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(registry.get("api")).containsSame(replacement);
        assertThat(registry.monitors()).hasSize(1);
    }

    @Test
    void aReplacementGoesOnFromTheStatusOfTheMonitorItReplacesAndOwesOnlyItsUp() {
        List<MonitorEvent.Notification> sent = new CopyOnWriteArrayList<>();
        registry.events().ofType(MonitorEvent.Notification.class).subscribe(sent::add);
        registry.add(monitor("api", ScriptedProbe.of(pass(), fail())));
        vts.advanceTimeBy(Duration.ofSeconds(30));
        assertThat(sent).extracting(MonitorEvent.Notification::kind).containsExactly(MonitorEvent.Notification.Kind.DOWN);
        Probe unanswered = url -> Mono.never();

        HealthMonitor replacement = registry.replace(monitor("api", ScriptedProbe.of(unanswered, fail(), pass())));

        // before its first check ends, it is where the replaced one was: unhealthy, not starting
        assertThat(replacement.status()).isEqualTo(HealthStatus.UNHEALTHY);
        vts.advanceTimeBy(Duration.ofSeconds(30));
        assertThat(replacement.status()).isEqualTo(HealthStatus.UNHEALTHY);
        vts.advanceTimeBy(Duration.ofSeconds(30));
        assertThat(replacement.status()).isEqualTo(HealthStatus.HEALTHY);
        // the down was sent once, by the replaced monitor; the replacement sends the up it owes
        assertThat(sent).extracting(MonitorEvent.Notification::kind)
                .containsExactly(MonitorEvent.Notification.Kind.DOWN, MonitorEvent.Notification.Kind.UP);
    }

    @Test
    void replaceAddsWhenTheNameIsNew() {
        HealthMonitor db = registry.replace(monitor("db", ScriptedProbe.of(pass())));

        assertThat(registry.get("db")).containsSame(db);
        assertThat(db.lastSeen()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void snapshotShowsEveryMonitorByName() {
        registry.add(monitor("web", ScriptedProbe.of(fail())));
        registry.add(monitor("api", ScriptedProbe.of(pass())));

        List<MonitorSnapshot> snapshot = registry.snapshot();

        assertThat(snapshot).extracting(MonitorSnapshot::name).containsExactly("api", "web");
        assertThat(snapshot).extracting(MonitorSnapshot::status)
                .containsExactly(HealthStatus.HEALTHY, HealthStatus.UNHEALTHY);
    }

    @Test
    void disposeStopsEveryMonitorAndCompletesTheStream() {
        HealthMonitor api = registry.add(monitor("api", ScriptedProbe.of(pass())));

        StepVerifier.create(registry.events())
                .then(registry::dispose)
                .assertNext(e -> assertThat(e).isInstanceOf(MonitorEvent.StatusChanged.class))
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        assertThat(api.status()).isEqualTo(HealthStatus.STOPPED);
        assertThatThrownBy(() -> registry.add(monitor("db", ScriptedProbe.of(pass()))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aThousandMonitorsEmittingConcurrentlyLoseNoEvent() {
        int monitors = 1000;
        int maxErrors = 5;
        // per monitor: added, unknown->starting, one check event per check, starting->error, the down
        // notification (errors count towards retries), stopped
        int perMonitor = 1 + 1 + maxErrors + 1 + 1 + 1;
        Scheduler busy = Schedulers.newParallel("busy-monitors", 8);
        MonitorRegistry concurrent = MonitorRegistry.create(MonitorTask.root("burst"), busy);
        HealthCheckConfig config = HealthCheckConfig.builder().interval(Duration.ofMillis(5)).jitter(Duration.ZERO)
                .maxErrors(maxErrors).build();
        // every check errors on one of eight threads, so emissions from different monitors overlap
        Probe failing = url -> Mono.<dev.healthmon.core.model.HealthCheckResult>error(
                new IllegalStateException("unreachable")).subscribeOn(busy);
        try {
            StepVerifier.create(concurrent.events().take(monitors * perMonitor))
                    .then(() -> {
                        for (int i = 0; i < monitors; i++) {
                            concurrent.add(Monitors.of("m" + i, config, URL, failing, MonitorOptions.on(busy)));
                        }
                    })
                    .recordWith(ArrayList::new)
                    .expectNextCount(monitors * perMonitor)
                    .consumeRecordedWith(all -> {
                        Map<String, Long> byMonitor = all.stream()
                                .collect(Collectors.groupingBy(MonitorEvent::name, Collectors.counting()));
                        assertThat(byMonitor).hasSize(monitors);
                        assertThat(byMonitor.entrySet()).filteredOn(e -> e.getValue() != perMonitor).isEmpty();
                        Map<Class<?>, Long> byKind = all.stream()
                                .collect(Collectors.groupingBy(Object::getClass, Collectors.counting()));
                        assertThat(byKind).containsEntry(MonitorEvent.Checked.class, (long) monitors * maxErrors)
                                .containsEntry(MonitorEvent.Notification.class, (long) monitors);
                    })
                    .expectComplete()
                    .verify(Duration.ofSeconds(60));
            assertThat(concurrent.snapshot()).extracting(MonitorSnapshot::status).containsOnly(HealthStatus.ERROR);
        }
        finally {
            concurrent.dispose();
            busy.dispose();
        }
    }

    private HealthMonitor monitor(String name, ScriptedProbe probe) {
        return Monitors.of(name, CONFIG, URL, probe, MonitorOptions.on(vts));
    }
}
