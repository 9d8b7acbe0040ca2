package dev.healthmon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Outcome;
import org.junit.jupiter.api.Test;

class CheckTalliesTest {

    private final CheckTallies tallies = new CheckTallies();
    private final List<HistoryEntry> out = new ArrayList<>();

    private static MonitorEvent.Checked check(String name, long millis, boolean pass, long latencyMillis) {
        return new MonitorEvent.Checked(name, pass ? Outcome.Kind.PASS : Outcome.Kind.FAIL,
                pass ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY, pass ? "200" : "503",
                Duration.ofMillis(latencyMillis), Instant.ofEpochMilli(millis));
    }

    private void accept(MonitorEvent event) {
        out.addAll(tallies.accept(event));
    }

    private List<CheckSummary> summaries() {
        out.addAll(tallies.drain());
        return out.stream().filter(CheckSummary.class::isInstance).map(CheckSummary.class::cast).toList();
    }

    @Test
    void theSpanGrowsWithTheMonitorsFromASecondToAMinute() {
        assertThat(tallies.spanMillis()).isEqualTo(1_000);
        for (int i = 0; i < 10_000; i++) {
            accept(check("m" + i, 0, true, 1));
        }
        assertThat(tallies.spanMillis()).isEqualTo(50_000);
        for (int i = 10_000; i < 20_000; i++) {
            accept(check("m" + i, 0, true, 1));
        }
        assertThat(tallies.spanMillis()).isEqualTo(60_000);
    }

    @Test
    void aSummaryHoldsTheCountsOfEachMinuteAndTheLatencyOfThePassingChecks() {
        // 10,000 other monitors make the span a minute long
        for (int i = 0; i < 12_000; i++) {
            accept(check("other" + i, 0, true, 1));
        }
        out.clear();
        long minute = 60_000L * 1_000;
        for (int s = 0; s < 120; s++) {
            accept(check("api", minute + 1_000L * s, s % 10 != 9, 10 + s));
        }
        List<CheckSummary> api = summaries().stream().filter(summary -> summary.name().equals("api")).toList();

        assertThat(api.stream().mapToInt(CheckSummary::events).sum()).isEqualTo(120);
        assertThat(api).allSatisfy(summary -> {
            assertThat(summary.minutes()).hasSizeBetween(1, 2);
            assertThat(summary.minutes()).extracting(CheckSummary.Minute::start).isSorted();
        });
        List<CheckSummary.Minute> minutes = api.stream().flatMap(summary -> summary.minutes().stream()).toList();
        assertThat(minutes.stream().filter(m -> m.start() == minute).mapToLong(CheckSummary.Minute::checks).sum())
                .isEqualTo(60);
        assertThat(minutes.stream().filter(m -> m.start() == minute).mapToLong(CheckSummary.Minute::failures).sum())
                .isEqualTo(6);
        assertThat(minutes.stream().filter(m -> m.start() == minute).mapToLong(CheckSummary.Minute::latencyCount)
                .sum()).isEqualTo(54);
        assertThat(minutes.stream().filter(m -> m.start() == minute && m.latencyCount() > 0)
                .mapToLong(CheckSummary.Minute::latencyMinMicros).min().orElseThrow()).isEqualTo(10_000);
        assertThat(minutes.stream().filter(m -> m.start() == minute + 60_000)
                .mapToLong(CheckSummary.Minute::latencyMaxMicros).max().orElseThrow()).isEqualTo(128_000);
        assertThat(api.size()).as("a minute each, give or take the cut").isBetween(2, 3);
    }

    @Test
    void theStateOfASummaryIsTheLastChecksWithTheFailuresSinceTheLastPass() {
        accept(check("api", 0, true, 5));
        accept(check("api", 100, true, 5));
        accept(check("api", 200, false, 5));
        accept(check("api", 300, false, 5));
        CheckSummary summary = summaries().get(0);

        assertThat(summary.events()).isEqualTo(4);
        assertThat(summary.last()).isEqualTo(Instant.ofEpochMilli(300));
        assertThat(summary.lastPass()).isEqualTo(Instant.ofEpochMilli(100));
        assertThat(summary.trailingFailures()).isEqualTo(2);
        assertThat(summary.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(summary.statusSince()).isEqualTo(Instant.ofEpochMilli(200));
        assertThat(summary.statusFromFirst()).isFalse();
        assertThat(summary.detail()).isEqualTo("503");
    }

    @Test
    void aStatusChangeLeavesAfterTheChecksBeforeItAndARemovedMonitorIsWrittenAtOnce() {
        accept(check("api", 0, true, 5));
        MonitorEvent change = new MonitorEvent.StatusChanged("api", HealthStatus.UNHEALTHY, HealthStatus.HEALTHY,
                "503", Duration.ZERO, Instant.EPOCH, Instant.ofEpochMilli(100), 1);
        accept(check("api", 100, false, 5));
        accept(change);
        accept(check("api", 200, false, 5));
        accept(new MonitorEvent.Lifecycle("api", MonitorEvent.Lifecycle.Action.REMOVED, "", Instant.ofEpochMilli(250)));

        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isInstanceOfSatisfying(CheckSummary.class, s -> assertThat(s.events()).isEqualTo(2));
        assertThat(out.get(1)).isEqualTo(HistoryEntry.of(change));
        assertThat(out.get(2)).isInstanceOfSatisfying(CheckSummary.class, s -> assertThat(s.events()).isEqualTo(1));
        assertThat(tallies.drain()).isEmpty();
    }

    @Test
    void aMonitorThatStopsCheckingIsWrittenOnceItsSpanHasEnded() {
        accept(check("slow", 0, true, 5));
        accept(check("fast", 500, true, 5));
        assertThat(out).isEmpty();
        // "slow" checks no more; "fast"'s checks carry time past the end of slow's span
        for (long t = 600; t <= 3_000; t += 100) {
            accept(check("fast", t, true, 5));
        }
        assertThat(out).filteredOn(entry -> entry.name().equals("slow")).singleElement()
                .satisfies(entry -> assertThat(entry.events()).isEqualTo(1));
    }

    @Test
    void aCheckAllocatesNoEntryUntilItsSpanEnds() {
        accept(check("api", 0, true, 5));
        assertThat(tallies.accept(check("api", 10, true, 5))).isSameAs(List.of());
    }
}
