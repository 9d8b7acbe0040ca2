package dev.healthmon.core.schedule;

import static dev.healthmon.testing.ScriptedProbe.error;
import static dev.healthmon.testing.ScriptedProbe.fail;
import static dev.healthmon.testing.ScriptedProbe.hang;
import static dev.healthmon.testing.ScriptedProbe.pass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorState;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.Notification;
import dev.healthmon.core.model.MonitorEvent.Notification.Kind;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.model.Outcome;
import dev.healthmon.testing.LogCapture;
import dev.healthmon.testing.ScriptedProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A monitor end to end in virtual time: the original package's own test scenarios, the lifecycle, the events
 * and the seed's log lines.
 */
class HealthMonitorTest {

    private static final URI URL = URI.create("http://127.0.0.1:8080");
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final MonitorTask routes = MonitorTask.root("routes");
    private final List<MonitorEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void finishAll() {
        routes.finish("test over");
    }

    // --- the original package's notification scenarios ---

    @Test
    void immediateDownWhenRetriesAreNegative() {
        HealthMonitor monitor = started(config(-1), ScriptedProbe.of(pass(), fail()));

        after(INTERVAL);

        assertThat(monitor.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(notifications()).containsExactly(Kind.DOWN);
    }

    @Test
    void downAfterTheThreshold() {
        HealthMonitor monitor = started(config(2), ScriptedProbe.of(pass(), fail()));

        after(INTERVAL);
        assertThat(notifications()).isEmpty();
        assertThat(monitor.status()).isEqualTo(HealthStatus.HEALTHY);

        after(INTERVAL);
        assertThat(notifications()).containsExactly(Kind.DOWN);
        assertThat(monitor.status()).isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void recoveryBeforeTheThresholdSendsNothing() {
        started(config(3), ScriptedProbe.of(pass(), fail(), fail(), pass()));

        after(INTERVAL.multipliedBy(3));

        assertThat(notifications()).isEmpty();
    }

    @Test
    void aRecoveryResetsTheCount() {
        started(config(2), ScriptedProbe.of(pass(), fail(), pass(), fail()));

        after(INTERVAL.multipliedBy(3));
        assertThat(notifications()).isEmpty();

        after(INTERVAL);
        assertThat(notifications()).containsExactly(Kind.DOWN);
    }

    @Test
    void aDownThatWasSentSurvivesCancellation() {
        HealthMonitor monitor = started(config(1), ScriptedProbe.of(pass(), fail()));
        after(INTERVAL);
        assertThat(notifications()).containsExactly(Kind.DOWN);

        routes.finish("cancelled");
        after(INTERVAL.multipliedBy(10));

        assertThat(notifications()).containsExactly(Kind.DOWN);
        assertThat(monitor.status()).isEqualTo(HealthStatus.STOPPED);
    }

    @Test
    void upRightAfterADownRegardlessOfRetries() {
        HealthMonitor monitor = started(config(2), ScriptedProbe.of(fail(), fail(),
                pass(Duration.ofMillis(50))));
        after(INTERVAL);
        assertThat(notifications()).containsExactly(Kind.DOWN);

        after(INTERVAL);

        assertThat(notifications()).containsExactly(Kind.DOWN, Kind.UP);
        assertThat(monitor.status()).isEqualTo(HealthStatus.HEALTHY);
        Notification up = (Notification) events.stream().filter(Notification.class::isInstance)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(up.latency()).isEqualTo(Duration.ofMillis(50));
        assertThat(up.title()).isEqualTo("✅ Service is up ✅");
        Notification down = (Notification) events.stream().filter(Notification.class::isInstance)
                .findFirst().orElseThrow();
        assertThat(down.outage()).isEqualTo(down.time());
        assertThat(up.outage()).isEqualTo(down.time());
    }

    @Test
    void resumingInTheMiddleOfAnOutageSendsNoSecondDownAndSendsTheUp() {
        HealthMonitor first = started(config(1), ScriptedProbe.of(fail()));
        after(INTERVAL);
        assertThat(notifications()).containsExactly(Kind.DOWN);
        MonitorState kept = first.state();
        Notification down = (Notification) events.stream().filter(Notification.class::isInstance)
                .findFirst().orElseThrow();
        first.finish("service stopped");
        events.clear();

        HealthMonitor second = Monitors.of("api", config(1), URL, ScriptedProbe.of(fail(), fail(), pass()),
                MonitorOptions.on(vts));
        second.events().subscribe(events::add);
        second.resume(routes, kept);
        after(INTERVAL);
        assertThat(second.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(notifications()).isEmpty();
        after(INTERVAL);

        assertThat(notifications()).containsExactly(Kind.UP);
        assertThat(second.lastSeen()).isNotNull();
        assertThat(events).filteredOn(Notification.class::isInstance)
                .extracting(e -> ((Notification) e).outage())
                .containsExactly(down.time());
    }

    @Test
    void resumingKeepsTheLastSeenTimeAndTheFailuresInARow() {
        HealthMonitor first = started(config(3), ScriptedProbe.of(pass(), fail(), fail()));
        after(INTERVAL.multipliedBy(2));
        MonitorState kept = first.state();
        assertThat(kept.consecutiveFailures()).isEqualTo(2);
        first.finish("service stopped");
        events.clear();

        HealthMonitor second = Monitors.of("api", config(3), URL, ScriptedProbe.of(fail()), MonitorOptions.on(vts));
        second.events().subscribe(events::add);
        second.resume(routes, kept);
        after(Duration.ZERO);

        assertThat(second.lastSeen()).isEqualTo(kept.lastSeen());
        assertThat(notifications()).containsExactly(Kind.DOWN);
        assertThat(second.status()).isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void finishingDuringTheJitterRunsNoFurtherCheck() {
        ScriptedProbe probe = ScriptedProbe.of(pass());
        HealthMonitor monitor = Monitors.of("api", config(3).toBuilder().jitter(Duration.ofSeconds(10)).build(),
                URL, probe, MonitorOptions.on(vts).withFixedJitter(Duration.ofSeconds(10)));
        monitor.start(routes);

        after(Duration.ofSeconds(5));
        monitor.finish("removed");
        after(Duration.ofHours(1));

        assertThat(probe.checks()).isEqualTo(1);
        assertThat(monitor.status()).isEqualTo(HealthStatus.STOPPED);
    }

    @Test
    void fiveCheckErrorsInARowStopTheMonitor() {
        ScriptedProbe probe = ScriptedProbe.of(error("daemon unreachable"));
        try (LogCapture logs = LogCapture.of(HealthMonitor.class)) {
            HealthMonitor monitor = started(config(3), probe);

            after(INTERVAL.multipliedBy(10));

            assertThat(probe.checks()).isEqualTo(5);
            assertThat(monitor.status()).isEqualTo(HealthStatus.ERROR);
            assertThat(monitor.task().isFinished()).isTrue();
            assertThat(events).filteredOn(MonitorEvent.Lifecycle.class::isInstance)
                    .containsExactly(new MonitorEvent.Lifecycle("api", MonitorEvent.Lifecycle.Action.STOPPED,
                            "stopped after 5 trials", Instant.ofEpochSecond(120)));
            assertThat(logs.lines(Level.ERROR)).contains("[api] health check error: daemon unreachable",
                    "[api] monitor stopped after 5 trials");

            monitor.finish("later");
            assertThat(monitor.status()).as("a monitor stopped by errors stays error").isEqualTo(HealthStatus.ERROR);
        }
    }

    @Test
    void aNotificationNamesTheUrlThatWasCheckedEvenWhenItChangedSince() {
        URI moved = URI.create("http://127.0.0.1:9090");
        HealthMonitor[] self = new HealthMonitor[1];
        // the URL changes while the check runs: the down is about the URL that failed, not the new one
        ScriptedProbe probe = ScriptedProbe.of(url -> {
            self[0].updateUrl(moved);
            return Mono.just(HealthCheckResult.unhealthy("connection refused"));
        });
        self[0] = Monitors.of("api", config(-1), URL, probe, MonitorOptions.on(vts));
        self[0].events().subscribe(events::add);
        self[0].start(routes);

        assertThat(events).filteredOn(Notification.class::isInstance)
                .extracting(e -> ((Notification) e).url())
                .containsExactly(URL.toString());
        assertThat(self[0].url()).isEqualTo(moved);
    }

    @Test
    void aCrashedLoopStopsTheMonitorInErrorThroughTheStopEffect() {
        ScriptedProbe probe = ScriptedProbe.of(pass(), url -> Mono.error(new AssertionError("bug")));
        try (LogCapture logs = LogCapture.of(HealthMonitor.class)) {
            HealthMonitor monitor = started(config(3), probe);

            after(INTERVAL.multipliedBy(3));

            assertThat(probe.checks()).isEqualTo(2);
            assertThat(monitor.status()).isEqualTo(HealthStatus.ERROR);
            assertThat(monitor.state().stoppedByErrors()).isTrue();
            assertThat(monitor.task().isFinished()).isTrue();
            assertThat(events).filteredOn(MonitorEvent.Lifecycle.class::isInstance)
                    .containsExactly(new MonitorEvent.Lifecycle("api", MonitorEvent.Lifecycle.Action.STOPPED,
                            "crashed: java.lang.AssertionError: bug", Instant.ofEpochSecond(30)));
            assertThat(logs.lines(Level.ERROR)).contains("[api] monitor crashed: java.lang.AssertionError: bug");
        }
    }

    // --- lifecycle ---

    @Test
    void restartBringsBackAMonitorStoppedByErrors() {
        ScriptedProbe probe = ScriptedProbe.of(error("daemon unreachable"));
        HealthMonitor monitor = started(config(3), probe);
        after(INTERVAL.multipliedBy(10));
        assertThat(monitor.status()).isEqualTo(HealthStatus.ERROR);
        probe.then(pass());

        monitor.restart();

        assertThat(monitor.status()).isEqualTo(HealthStatus.HEALTHY);
        after(INTERVAL);
        assertThat(probe.checks()).isEqualTo(7);
        assertThat(notifications()).containsExactly(Kind.DOWN, Kind.UP);
    }

    @Test
    void restartOfARunningMonitorKeepsOneSchedule() {
        ScriptedProbe probe = ScriptedProbe.of(pass());
        HealthMonitor monitor = started(config(3), probe);

        monitor.restart();
        after(INTERVAL);

        assertThat(probe.checks()).as("two first checks, then one schedule").isEqualTo(3);
        assertThat(monitor.status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void finishingTheParentStopsTheMonitorAtOnceEvenMidCheck() {
        ScriptedProbe probe = ScriptedProbe.of(pass(), hang());
        HealthMonitor monitor = started(config(3).withTimeout(Duration.ofSeconds(20)), probe);
        after(INTERVAL.plusSeconds(1));

        routes.finish("shutdown");

        assertThat(monitor.status()).isEqualTo(HealthStatus.STOPPED);
        assertThat(probe.cancellations()).isEqualTo(1);
        assertThat(events).filteredOn(MonitorEvent.StatusChanged.class::isInstance).last()
                .isEqualTo(new MonitorEvent.StatusChanged("api", HealthStatus.STOPPED, HealthStatus.HEALTHY, "",
                        Duration.ofMillis(5), Instant.EPOCH, Instant.ofEpochSecond(31), 0));
    }

    @Test
    void startingTwiceIsRefusedAndRestartNeedsAStart() {
        HealthMonitor monitor = Monitors.of("api", config(3), URL, ScriptedProbe.of(pass()), MonitorOptions.on(vts));
        assertThatThrownBy(monitor::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("api");

        monitor.start(routes);

        assertThatThrownBy(() -> monitor.start(routes)).isInstanceOf(IllegalStateException.class)
                .hasMessage("monitor 'api' was started already");
    }

    @Test
    void aMonitorStartedUnderAFinishedParentStopsAtOnce() {
        ScriptedProbe probe = ScriptedProbe.of(pass());
        routes.finish("gone");

        HealthMonitor monitor = started(config(3), probe);

        assertThat(monitor.status()).isEqualTo(HealthStatus.STOPPED);
        assertThat(probe.checks()).isZero();
        assertThatThrownBy(monitor::restart).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theParentGivesTheServiceName() {
        HealthMonitor monitor = started(config(3), ScriptedProbe.of(pass()));

        assertThat(monitor.task().name()).isEqualTo("routes/api");
        assertThat(monitor.name()).isEqualTo("api");
        assertThat(monitor).hasToString("api");
    }

    // --- accessors and events ---

    @Test
    void updateUrlChangesTheTargetAndIgnoresNull() {
        ScriptedProbe probe = ScriptedProbe.of(pass());
        URI moved = URI.create("http://127.0.0.1:9090");
        HealthMonitor monitor = started(config(3), probe);

        try (LogCapture logs = LogCapture.of(HealthMonitor.class)) {
            monitor.updateUrl(moved);
            monitor.updateUrl(null);
            after(INTERVAL);

            assertThat(monitor.url()).isEqualTo(moved);
            assertThat(probe.urls()).containsExactly(URL, moved);
            assertThat(logs.lines(Level.WARN)).singleElement().asString().contains("null");
        }
    }

    @Test
    void accessorsFollowTheLastCheck() {
        HealthMonitor monitor = started(config(3), ScriptedProbe.of(pass(Duration.ofMillis(12)), fail("refused")));
        after(INTERVAL.multipliedBy(2));

        assertThat(monitor.latency()).isEqualTo(Duration.ofMillis(5));
        assertThat(monitor.detail()).isEqualTo("refused");
        assertThat(monitor.lastSeen()).isEqualTo(Instant.EPOCH);
        assertThat(monitor.uptime()).isEqualTo(Duration.ofSeconds(60));
        MonitorSnapshot snapshot = monitor.snapshot();
        assertThat(snapshot.consecutiveFailures()).isEqualTo(2);
        assertThat(snapshot.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(snapshot.url()).isEqualTo(URL);
    }

    @Test
    void everyCheckAndStatusChangeIsAnEventInOrder() {
        started(config(1), ScriptedProbe.of(pass(), fail("refused")));
        after(INTERVAL);

        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                "StatusChanged", "Checked", "StatusChanged", "Checked", "StatusChanged", "Notification");
        assertThat(events.get(0)).isEqualTo(new MonitorEvent.StatusChanged("api", HealthStatus.STARTING,
                HealthStatus.UNKNOWN, "", Duration.ZERO, null, Instant.EPOCH, 0));
        assertThat(events.get(3)).isEqualTo(new MonitorEvent.Checked("api", Outcome.Kind.FAIL, HealthStatus.UNHEALTHY,
                "refused", Duration.ofMillis(5), Instant.ofEpochSecond(30)));
        assertThat(events.get(5)).isEqualTo(new Notification("api", Kind.DOWN, URL.toString(), "refused",
                Instant.ofEpochSecond(30), Instant.EPOCH, Duration.ofMillis(5)));
    }

    @Test
    void logsServiceDownAndUpWithTheName() {
        try (LogCapture logs = LogCapture.of(HealthMonitor.class)) {
            started(config(1), ScriptedProbe.of(fail("refused"), pass(Duration.ofMillis(12))));
            after(INTERVAL);

            assertThat(logs.lines()).containsExactly("WARN [api] service went down: refused",
                    "INFO [api] service is up (12 ms)");
        }
    }

    @Test
    void checkHealthRunsOneCheckOutsideTheScheduleBoundedByTheTimeout() {
        ScriptedProbe probe = ScriptedProbe.of(pass(), hang());
        HealthMonitor monitor = started(config(3), probe);

        StepVerifier.withVirtualTime(monitor::checkHealth, () -> vts, 1)
                .thenAwait(Duration.ofSeconds(5))
                .assertNext(result -> {
                    assertThat(result.healthy()).isFalse();
                    assertThat(result.detail()).isEqualTo("timeout after 5s");
                })
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(monitor.status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void aStalledSubscriberDoesNotHoldUpTheMonitorOrOthers() {
        ScriptedProbe probe = ScriptedProbe.of(pass(), fail());
        HealthMonitor monitor = Monitors.of("api", config(1), URL, probe, MonitorOptions.on(vts));
        StepVerifier stalled = StepVerifier.create(monitor.events(), 0).expectSubscription().thenCancel()
                .verifyLater();
        monitor.events().subscribe(events::add);
        monitor.start(routes);

        after(INTERVAL.multipliedBy(3));

        assertThat(probe.checks()).isEqualTo(4);
        assertThat(notifications()).containsExactly(Kind.DOWN);
        stalled.verify(Duration.ofSeconds(5));
    }

    private HealthCheckConfig config(int retries) {
        return HealthCheckConfig.builder().interval(INTERVAL).timeout(Duration.ofSeconds(5)).retries(retries)
                .jitter(Duration.ZERO).build();
    }

    private HealthMonitor started(HealthCheckConfig config, ScriptedProbe probe) {
        HealthMonitor monitor = Monitors.of("api", config, URL, probe, MonitorOptions.on(vts));
        monitor.events().subscribe(events::add);
        monitor.start(routes);
        return monitor;
    }

    private void after(Duration duration) {
        vts.advanceTimeBy(duration);
    }

    private List<Kind> notifications() {
        return events.stream().filter(Notification.class::isInstance).map(e -> ((Notification) e).kind()).toList();
    }
}
