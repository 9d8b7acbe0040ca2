package dev.healthmon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.Notification.Kind;
import dev.healthmon.core.model.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The store's behaviour, the same on every database: each subclass supplies one. */
abstract class HistoryStoreContract {

    static final Instant T0 = Instant.parse("2024-03-10T00:00:00Z");
    static final Instant NOW = T0.plus(Duration.ofDays(1));

    HistoryStore store;

    /** Returns a config for an empty database. */
    abstract StoreConfig freshConfig() throws Exception;

    StoreConfig config;

    @BeforeEach
    void openStore() throws Exception {
        config = freshConfig();
        store = open(config);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    static HistoryStore open(StoreConfig config) {
        return JdbcHistoryStore.open(config, new SimpleMeterRegistry(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static MonitorEvent changed(String name, HealthStatus from, HealthStatus to, long seconds) {
        return new MonitorEvent.StatusChanged(name, to, from, "went " + to, Duration.ofMillis(5), null, at(seconds),
                to.isBad() ? 1 : 0);
    }

    static MonitorEvent checked(String name, boolean pass, long latencyMillis, Instant time) {
        return new MonitorEvent.Checked(name, pass ? Outcome.Kind.PASS : Outcome.Kind.FAIL,
                pass ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY, pass ? "200" : "503",
                Duration.ofMillis(latencyMillis), time);
    }

    void write(MonitorEvent... events) {
        store.write(List.of(events)).block(Duration.ofSeconds(30));
    }

    @Test
    void uptimeIsTimeWeightedWithExactSecondsAroundAnUnmonitoredGapAndMaintenance() {
        long first = store.beginRun(at(0)).block();
        store.markAlive(first, at(600)).block();
        store.beginRun(at(900)).block();
        store.addMaintenance(MaintenanceSpan.of("api", at(1800), at(2100), "upgrade")).block();
        store.addMaintenance(MaintenanceSpan.of("other", at(2400), at(3000), "not ours")).block();
        write(changed("api", HealthStatus.UNKNOWN, HealthStatus.STARTING, 0),
                changed("api", HealthStatus.STARTING, HealthStatus.HEALTHY, 60),
                changed("api", HealthStatus.HEALTHY, HealthStatus.UNHEALTHY, 1200),
                changed("api", HealthStatus.UNHEALTHY, HealthStatus.HEALTHY, 1500),
                checked("api", true, 10, at(61)), checked("api", false, 900, at(1201)),
                checked("api", true, 30, at(1501)));

        UptimeReport report = store.uptime("api", at(0), at(3600)).block();

        assertThat(report.up()).isEqualTo(540 + 300 + 300 + 1500);
        assertThat(report.down()).isEqualTo(300);
        assertThat(report.maintenance()).isEqualTo(300);
        assertThat(report.unmonitored()).isEqualTo(300);
        assertThat(report.uptime()).isCloseTo(2640.0 / 2940, within(1e-9));
        assertThat(report.checks()).isEqualTo(3);
        assertThat(report.failures()).isEqualTo(1);
        assertThat(report.incidents()).isEqualTo(1);
        assertThat(report.latency()).isEqualTo(new LatencySummary(20.0, 10.0, 30.0));

        Map<String, UptimeReport> all = store.uptimeAll(at(0), at(3600)).block();
        assertThat(all).containsOnlyKeys("api");
        assertThat(all.get("api")).isEqualTo(report);
    }

    @Test
    void uptimeOfAllReadsWholeHoursFromHourRowsAndTheEdgesFromMinutesSummingAsEachMonitorAlone() {
        List<MonitorEvent> events = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            events.add(changed("m" + m, HealthStatus.UNKNOWN, HealthStatus.HEALTHY, 0));
            for (long second = 0; second < 86_400; second += 600) {
                boolean pass = !(m == 2 && second % 7200 == 0);
                events.add(checked("m" + m, pass, 10 + m + second % 17, at(second)));
            }
        }
        store.write(events).block(Duration.ofSeconds(30));
        // both ends in the middle of an hour: minutes at the edges, hours between
        Instant from = at(1_500);
        Instant to = at(80_000);

        Map<String, UptimeReport> all = store.uptimeAll(from, to).block();

        assertThat(all).containsOnlyKeys("m0", "m1", "m2");
        for (String name : all.keySet()) {
            assertThat(all.get(name)).as(name).isEqualTo(store.uptime(name, from, to).block());
        }
        // checks at 1800 s, 2400 s, ..., 79800 s; m2 fails the ones on even hours, 7200 s to 79200 s
        assertThat(all.get("m0").checks()).isEqualTo(131);
        assertThat(all.get("m2").failures()).isEqualTo(11);
        assertThat(all.get("m1").latency().min()).isEqualTo(11.0);
    }

    @Test
    void uptimeIsNullWithoutUpOrDownTime() {
        UptimeReport report = store.uptime("nobody", at(0), at(60)).block();
        assertThat(report.uptime()).isNull();
        assertThat(report.checks()).isZero();
        assertThat(report.latency()).isEqualTo(LatencySummary.NONE);
    }

    @Test
    void aBatchOfChecksIsOneUpsertPerBucketAndFillsMinuteHourAndUtcDayRollups() {
        List<MonitorEvent> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(checked("api", i % 5 != 0, 1 + i % 10, at(0).plusMillis(i)));
        }
        assertThat(store.write(batch).block()).as("3 rollup upserts and 1 state").isEqualTo(4);

        // one second before and after midnight UTC: two minutes, two hours, two days
        write(checked("api", true, 100, at(-1)), checked("api", true, 200, at(1)));
        List<HistoryPoint> days = store.history("api", at(-86_400), at(86_400), Duration.ofDays(1))
                .collectList().block();
        assertThat(days).extracting(HistoryPoint::time).containsExactly(at(-86_400), at(0));
        assertThat(days).extracting(HistoryPoint::checks).containsExactly(1L, 501L);
        assertThat(days.get(1).failures()).isEqualTo(100);
        assertThat(days.get(1).latencyMax()).isEqualTo(200.0);
        List<HistoryPoint> minutes = store.history("api", at(-120), at(120), Duration.ofMinutes(1))
                .collectList().block();
        assertThat(minutes).extracting(HistoryPoint::time).containsExactly(at(-60), at(0));
        List<HistoryPoint> hours = store.history("api", at(-7200), at(7200), Duration.ofHours(1))
                .collectList().block();
        assertThat(hours).extracting(HistoryPoint::checks).containsExactly(1L, 501L);
    }

    @Test
    void statesAreFoldedFromEventsAndSurviveAReopen() {
        write(changed("api", HealthStatus.STARTING, HealthStatus.HEALTHY, 10),
                checked("api", true, 5, at(10)),
                checked("api", false, 5, at(20)), checked("api", false, 5, at(30)),
                changed("api", HealthStatus.HEALTHY, HealthStatus.UNHEALTHY, 30),
                new MonitorEvent.Notification("api", Kind.DOWN, "http://127.0.0.1/", "503", at(30), at(10),
                        Duration.ofMillis(5)));
        store.close();
        store = open(config);

        List<StoredState> states = store.states().collectList().block();
        assertThat(states).hasSize(1);
        StoredState api = states.get(0);
        assertThat(api.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(api.since()).isEqualTo(at(30));
        assertThat(api.lastSeen()).isEqualTo(at(10));
        assertThat(api.lastCheck()).isEqualTo(at(30));
        assertThat(api.downSent()).isTrue();
        assertThat(api.outageStart()).isEqualTo(at(30));

        write(checked("api", true, 5, at(40)), new MonitorEvent.Notification("api", Kind.UP, "http://127.0.0.1/",
                "200", at(40), at(40), Duration.ofMillis(5)));
        StoredState recovered = store.states().blockFirst();
        assertThat(recovered.downSent()).isFalse();
        assertThat(recovered.outageStart()).isNull();
        assertThat(recovered.consecutiveFailures()).isZero();
        assertThat(recovered.status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void savedMonitorsComeBackAndCanBeReplacedOrDeleted() {
        store.saveMonitor("api", "{\"url\":\"http://127.0.0.1:1/\"}", at(0)).block();
        store.saveMonitor("db", "{\"url\":\"tcp://127.0.0.1:2\"}", at(0)).block();
        store.saveMonitor("api", "{\"url\":\"http://127.0.0.1:3/\"}", at(5)).block();
        store.close();
        store = open(config);

        assertThat(store.savedMonitors().collectList().block()).containsExactly(
                new SavedMonitor("api", "{\"url\":\"http://127.0.0.1:3/\"}", at(5)),
                new SavedMonitor("db", "{\"url\":\"tcp://127.0.0.1:2\"}", at(0)));
        assertThat(store.deleteMonitor("api").block()).isTrue();
        assertThat(store.deleteMonitor("api").block()).isFalse();
        assertThat(store.savedMonitors().map(SavedMonitor::name).collectList().block()).containsExactly("db");
    }

    @Test
    void theOutboxIgnoresASecondEnqueueOfTheSameKeyAndProvider() {
        OutboxKey down = new OutboxKey("api", "1710028800000", Kind.DOWN);
        assertThat(store.enqueue(down, "ntfy", "{}", at(0)).block()).isTrue();
        assertThat(store.enqueue(down, "ntfy", "{\"again\":1}", at(1)).block()).isFalse();
        assertThat(store.enqueue(down, "slack", "{}", at(2)).block()).isTrue();
        assertThat(store.pending().collectList().block()).containsExactly(
                new PendingDelivery(down, "ntfy", "{}", at(0)), new PendingDelivery(down, "slack", "{}", at(2)));

        assertThat(store.acknowledge(down, "ntfy", at(3)).block()).isTrue();
        assertThat(store.acknowledge(down, "ntfy", at(4)).block()).isFalse();
        assertThat(store.enqueue(down, "ntfy", "{}", at(5)).block()).as("delivered already").isFalse();
        assertThat(store.pending().map(PendingDelivery::provider).collectList().block()).containsExactly("slack");
    }

    @Test
    void incidentsAreReadFromTransitionsNewestFirst() {
        write(changed("api", HealthStatus.STARTING, HealthStatus.HEALTHY, 0),
                changed("api", HealthStatus.HEALTHY, HealthStatus.UNHEALTHY, 100),
                changed("api", HealthStatus.UNHEALTHY, HealthStatus.STARTING, 150),
                changed("api", HealthStatus.STARTING, HealthStatus.ERROR, 160),
                changed("api", HealthStatus.ERROR, HealthStatus.HEALTHY, 200),
                changed("api", HealthStatus.HEALTHY, HealthStatus.ERROR, 500));

        List<Incident> incidents = store.incidents("api", at(120), at(600), 10).collectList().block();

        assertThat(incidents).containsExactly(
                new Incident(at(500), null, 100, HealthStatus.ERROR, "went error"),
                new Incident(at(100), at(200), 100, HealthStatus.UNHEALTHY, "went unhealthy"));
        assertThat(store.incidents("api", at(0), at(600), 1).collectList().block()).hasSize(1);
    }

    @Test
    void dailyUptimeHasOnePointPerUtcDayForEveryMonitorFromTransitionsAndDayRollups() {
        write(changed("api", HealthStatus.STARTING, HealthStatus.HEALTHY, -86_400),
                changed("api", HealthStatus.HEALTHY, HealthStatus.UNHEALTHY, -21_600),
                changed("api", HealthStatus.UNHEALTHY, HealthStatus.HEALTHY, 3600),
                checked("api", false, 900, at(-3600)), checked("api", true, 40, at(7200)),
                checked("db", true, 10, at(60)));

        Map<String, List<HistoryPoint>> daily = store.dailyAll(at(-2 * 86_400), at(43_200)).block();

        assertThat(daily).containsOnlyKeys("api", "db");
        List<HistoryPoint> api = daily.get("api");
        assertThat(api).extracting(HistoryPoint::time).containsExactly(at(-2 * 86_400), at(-86_400), at(0));
        assertThat(api).extracting(HistoryPoint::uptime).containsExactly(null, 0.75, 11.0 / 12);
        assertThat(api).extracting(HistoryPoint::checks).containsExactly(0L, 1L, 1L);
        assertThat(api).extracting(HistoryPoint::failures).containsExactly(0L, 1L, 0L);
        assertThat(api.get(2).latencyAvg()).isEqualTo(40.0);
        assertThat(daily.get("db")).extracting(HistoryPoint::uptime).containsExactly(null, null, null);
        assertThat(daily.get("db")).extracting(HistoryPoint::checks).containsExactly(0L, 0L, 1L);
        assertThatThrownBy(() -> store.dailyAll(at(60), at(43_200)).block())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("midnight UTC");
    }

    @Test
    void timelineShowsStatusMaintenanceAndUnmonitoredSpans() {
        long run = store.beginRun(at(0)).block();
        store.endRun(run, at(300)).block();
        write(changed("api", HealthStatus.STARTING, HealthStatus.HEALTHY, 0));
        List<TimelineSpan> timeline = store.timeline("api", at(0), at(400)).block();
        assertThat(timeline).containsExactly(
                new TimelineSpan(at(0), at(300), SpanKind.UP, HealthStatus.HEALTHY),
                new TimelineSpan(at(300), at(400), SpanKind.UNMONITORED, HealthStatus.HEALTHY));
        assertThat(store.timelines(at(0), at(400)).block()).containsEntry("api", timeline);
    }

    @Test
    void retentionDeletesInChunksAndKeepsWhatIsStillNeeded() {
        store.close();
        config = config.withRetention(Retention.defaults().withChunkRows(3));
        store = open(config);
        Instant old = NOW.minus(Duration.ofDays(3));
        List<MonitorEvent> checks = new ArrayList<>();
        for (int minute = 0; minute < 10; minute++) {
            checks.add(checked("api", true, 5, old.plusSeconds(60L * minute)));
        }
        store.write(checks).block();
        write(changed("api", HealthStatus.STARTING, HealthStatus.HEALTHY, -800 * 86_400L),
                changed("api", HealthStatus.HEALTHY, HealthStatus.UNHEALTHY, -800 * 86_400L + 60),
                changed("api", HealthStatus.UNHEALTHY, HealthStatus.HEALTHY, -800 * 86_400L + 120));

        // 10 minute rows older than 48 h, and 2 of the 3 transitions older than 2 years
        assertThat(store.prune(NOW).block()).isEqualTo(10 + 2);
        assertThat(store.prune(NOW).block()).isZero();

        assertThat(store.history("api", old, old.plus(Duration.ofHours(1)), Duration.ofHours(1))
                .map(HistoryPoint::checks).collectList().block()).as("hour rollups are kept").containsExactly(10L);
        UptimeReport report = store.uptime("api", NOW.minus(Duration.ofDays(700)), NOW).block();
        assertThat(report.down()).isZero();
        assertThat(report.up()).as("the last transition before the cut still gives the status").isPositive();
    }

    @Test
    void theWriterCommitsOneTransactionPerBatch() {
        List<MonitorEvent> events = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            events.add(checked("m" + (i % 7), true, 3, at(i)));
        }
        // batchWait on a timer that never moves: no batch is cut by time. A batch is cut at 500, or when the store
        // asks for the next one and fewer wait (bufferTimeout's fair backpressure flushes what is there when demand
        // resumes): the last 200 may go as one batch or, when the store was quick, as two
        List<BatchResult> results = HistoryWriter.create(store, VirtualTimeScheduler.create())
                .writes(Flux.fromIterable(events))
                .collectList()
                .block(Duration.ofSeconds(60));

        assertThat(results).extracting(BatchResult::events).startsWith(500)
                .allMatch(size -> size > 0 && size <= 500);
        assertThat(results.stream().mapToInt(BatchResult::events).sum()).isEqualTo(1200);
        assertThat(results).allMatch(BatchResult::written);
        assertThat(store.metrics().batchesWritten()).as("one transaction per batch").isEqualTo(results.size());
        assertThat(store.uptimeAll(at(0), at(1200)).block().values().stream().mapToLong(UptimeReport::checks)
                .sum()).isEqualTo(1200);
    }

    @Test
    void theWritersSummariesOfChecksLeaveTheSameRowsAndStateAsEachCheckWrittenAlone() {
        // every 500 ms across midnight UTC (a minute, an hour and a day end), failing from 40 s to 70 s
        List<MonitorEvent> summarised = new ArrayList<>();
        HealthStatus status = HealthStatus.HEALTHY;
        for (long ms = -75_000; ms < 75_000; ms += 500) {
            boolean pass = ms < 40_000 || ms >= 70_000;
            summarised.add(checked("a", pass, 1 + Math.floorMod(ms / 500, 13), at(0).plusMillis(ms)));
            HealthStatus next = pass ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
            if (next != status) {
                summarised.add(new MonitorEvent.StatusChanged("a", next, status, pass ? "200" : "503",
                        Duration.ofMillis(1), null, at(0).plusMillis(ms), pass ? 0 : 1));
                status = next;
            }
        }
        // then failures without a change of status (retries), a pass, and a failure, in spans of their own
        summarised.add(checked("a", false, 1, at(76)));
        summarised.add(checked("a", false, 1, at(76).plusMillis(500)));
        summarised.add(checked("a", true, 2, at(78)));
        summarised.add(checked("a", false, 1, at(78).plusMillis(500)));
        HistoryWriter.create(store, Schedulers.parallel()).writes(Flux.fromIterable(summarised))
                .blockLast(Duration.ofSeconds(60));
        // the same events under another name, each written alone, as the writer did before it summarised
        for (MonitorEvent event : summarised) {
            write(renamed(event, "b"));
        }

        for (Duration step : List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1))) {
            assertThat(store.history("a", at(-86_400), at(86_400), step).collectList().block()).as("step %s", step)
                    .isNotEmpty()
                    .isEqualTo(store.history("b", at(-86_400), at(86_400), step).collectList().block());
        }
        UptimeReport a = store.uptime("a", at(-86_400), at(86_400)).block();
        UptimeReport b = store.uptime("b", at(-86_400), at(86_400)).block();
        assertThat(a.checks()).isEqualTo(304);
        assertThat(List.of(a.checks(), a.failures(), a.latency())).isEqualTo(List.of(b.checks(), b.failures(),
                b.latency()));
        Map<String, StoredState> states = new java.util.HashMap<>();
        store.states().toIterable().forEach(state -> states.put(state.name(), state));
        StoredState stateA = states.get("a");
        assertThat(stateA.consecutiveFailures()).isEqualTo(1);
        assertThat(stateA).usingRecursiveComparison().ignoringFields("name").isEqualTo(states.get("b"));
    }

    private static MonitorEvent renamed(MonitorEvent event, String name) {
        if (event instanceof MonitorEvent.Checked c) {
            return new MonitorEvent.Checked(name, c.outcome(), c.status(), c.detail(), c.latency(), c.time());
        }
        MonitorEvent.StatusChanged c = (MonitorEvent.StatusChanged) event;
        return new MonitorEvent.StatusChanged(name, c.status(), c.previous(), c.detail(), c.latency(), c.lastSeen(),
                c.time(), c.consecutiveFailures());
    }

    @Test
    void badPeriodsNameTheField() {
        assertThatThrownBy(() -> store.uptime("api", at(10), at(0)).block())
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("from"));
        assertThatThrownBy(() -> store.uptime("api", at(0), at(0).plus(Duration.ofDays(731))).block())
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("to"));
        assertThatThrownBy(() -> HistoryRange.window("2h", NOW))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("window"));
        assertThat(HistoryRange.window("24h", NOW).from()).isEqualTo(T0);
    }

    @Test
    void sizeIsMeasured() {
        assertThat(store.size().block()).isPositive();
    }
}
