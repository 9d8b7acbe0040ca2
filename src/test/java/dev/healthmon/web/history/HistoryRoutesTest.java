package dev.healthmon.web.history;

import static dev.healthmon.web.history.HistoryFixture.NOW;
import static dev.healthmon.web.history.HistoryFixture.daysAgo;
import static dev.healthmon.web.history.HistoryFixture.unix;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.healthmon.core.model.HealthStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Uptime, history and incidents over a real SQLite store filled with a scripted hour. */
class HistoryRoutesTest {

    @TempDir
    static Path dir;

    static HistoryFixture fixture;

    @BeforeAll
    static void open() {
        fixture = HistoryFixture.create(dir);
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @Test
    void uptimeOfAMonitorIsTimeWeightedWithMaintenanceAndUnmonitoredTimeApart() {
        JsonNode uptime = fixture.json("/api/v1/monitors/api/uptime?window=1h");

        assertThat(names(uptime)).containsExactly("name", "from", "to", "uptime", "up", "down", "maintenance",
                "unmonitored", "checks", "failures", "incidents", "latency");
        assertThat(uptime.get("name").asString()).isEqualTo("api");
        assertThat(uptime.get("from").asLong()).isEqualTo(unix(0));
        assertThat(uptime.get("to").asLong()).isEqualTo(NOW.getEpochSecond());
        // healthy 60..1200 and 1500..3600, less maintenance 2400..2700 and the service's gap 3000..3300
        assertThat(uptime.get("up").asLong()).isEqualTo(1140 + 1500);
        assertThat(uptime.get("down").asLong()).isEqualTo(300);
        assertThat(uptime.get("maintenance").asLong()).isEqualTo(300);
        assertThat(uptime.get("unmonitored").asLong()).isEqualTo(300);
        assertThat(uptime.get("uptime").asDouble()).isEqualTo(2640.0 / 2940);
        assertThat(uptime.get("checks").asLong()).isEqualTo(3);
        assertThat(uptime.get("failures").asLong()).isEqualTo(1);
        assertThat(uptime.get("incidents").asInt()).isEqualTo(1);
        assertThat(names(uptime.get("latency"))).containsExactly("avg", "min", "max");
        assertThat(uptime.get("latency").get("avg").asDouble()).isEqualTo(20.0);
        assertThat(uptime.get("latency").get("min").asDouble()).isEqualTo(10.0);
        assertThat(uptime.get("latency").get("max").asDouble()).isEqualTo(30.0);
    }

    @Test
    void fromAndToInUnixSecondsSelectThePeriod() {
        JsonNode outage = fixture.json("/api/v1/monitors/api/uptime?from=" + unix(1200) + "&to=" + unix(1500));

        assertThat(outage.get("from").asLong()).isEqualTo(unix(1200));
        assertThat(outage.get("to").asLong()).isEqualTo(unix(1500));
        assertThat(outage.get("up").asLong()).isZero();
        assertThat(outage.get("down").asLong()).isEqualTo(300);
        assertThat(outage.get("uptime").asDouble()).isZero();
    }

    @Test
    void theFutureHasNoHistorySoToIsCappedAtNow() {
        JsonNode uptime = fixture.json("/api/v1/monitors/api/uptime?from=" + unix(0) + "&to="
                + (NOW.getEpochSecond() + 86_400));

        assertThat(uptime.get("to").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(uptime.get("up").asLong()).isEqualTo(2640);
    }

    @Test
    void aMonitorWithoutUpOrDownTimeHasANullUptimeAndNullLatencies() {
        JsonNode uptime = fixture.json("/api/v1/monitors/fresh/uptime");

        assertThat(uptime.get("uptime").isNull()).isTrue();
        assertThat(uptime.get("checks").asLong()).isZero();
        assertThat(uptime.get("latency").get("avg").isNull()).isTrue();
        assertThat(uptime.get("latency").get("max").isNull()).isTrue();
        assertThat(uptime.get("to").asLong() - uptime.get("from").asLong()).as("24 h by default").isEqualTo(86_400);
    }

    @Test
    void uptimeOfAllHasEveryLiveMonitorAndEveryStoredOneByName() {
        JsonNode all = fixture.json("/api/v1/uptime?window=1h");

        assertThat(names(all)).containsExactly("api", "fresh", "old");
        assertThat(all.get("api")).isEqualTo(fixture.json("/api/v1/monitors/api/uptime?window=1h"));
        assertThat(all.get("fresh").get("uptime").isNull()).isTrue();
        assertThat(all.get("old").get("down").asLong()).as("in error all hour").isEqualTo(3600 - 300);
    }

    @Test
    void dailyUptimeHasOneCellPerUtcDayForEveryMonitorWithHistoryInOneAnswer() {
        JsonNode daily = fixture.json("/api/v1/uptime/daily?days=3");

        assertThat(names(daily)).containsExactly("from", "days", "monitors");
        assertThat(daily.get("from").asLong()).isEqualTo(NOW.getEpochSecond() - 2 * 86_400);
        assertThat(daily.get("days").asInt()).isEqualTo(3);
        JsonNode monitors = daily.get("monitors");
        assertThat(names(monitors)).as("fresh has no history").containsExactly("api", "old");
        // yesterday is the scripted hour (up 2640 s, down 300 s); today, at midnight, is its first second, healthy
        assertThat(cells(monitors.get("api"))).containsExactly(null, 0.898, 1.0);
        assertThat(cells(monitors.get("old"))).as("in error since a day ago").containsExactly(1.0, 0.0, 0.0);
        assertThat(fixture.json("/api/v1/uptime/daily").get("monitors").get("api")).hasSize(90);
    }

    @Test
    void historyHasOnePointPerMinuteThatHasChecks() {
        JsonNode history = fixture.json("/api/v1/monitors/api/history?from=" + unix(0) + "&to=" + unix(3600)
                + "&step=1m");

        assertThat(names(history)).containsExactly("name", "step", "points");
        assertThat(history.get("step").asLong()).isEqualTo(60);
        JsonNode points = history.get("points");
        assertThat(points.size()).isEqualTo(3);
        assertThat(names(points.get(0))).containsExactly("time", "checks", "failures", "uptime", "latencyAvg",
                "latencyMax");
        assertThat(points.get(0).get("time").asLong()).isEqualTo(unix(60));
        assertThat(points.get(0).get("latencyAvg").asDouble()).isEqualTo(10.0);
        assertThat(points.get(0).get("uptime").asDouble()).isEqualTo(1.0);
        assertThat(points.get(1).get("time").asLong()).isEqualTo(unix(1200));
        assertThat(points.get(1).get("failures").asLong()).isEqualTo(1);
        assertThat(points.get(1).get("uptime").asDouble()).isZero();
        assertThat(points.get(1).get("latencyAvg").isNull()).as("no passing check").isTrue();
        assertThat(points.get(2).get("time").asLong()).isEqualTo(unix(1500));
    }

    @Test
    void historyReadsHourRowsForAnHourStepAndSaysHowWideAPointIs() {
        JsonNode hours = fixture.json("/api/v1/monitors/api/history?window=24h&step=1h");
        assertThat(hours.get("step").asLong()).isEqualTo(3600);
        assertThat(hours.get("points").size()).isEqualTo(1);
        assertThat(hours.get("points").get(0).get("time").asLong()).isEqualTo(unix(0));
        assertThat(hours.get("points").get(0).get("checks").asLong()).isEqualTo(3);
        assertThat(hours.get("points").get(0).get("latencyMax").asDouble()).isEqualTo(30.0);

        JsonNode seconds = fixture.json("/api/v1/monitors/api/history?window=24h&step=3600");
        assertThat(seconds).isEqualTo(hours);

        JsonNode rounded = fixture.json("/api/v1/monitors/api/history?window=1h&step=90s");
        assertThat(rounded.get("step").asLong()).as("whole minute rows").isEqualTo(120);
    }

    @Test
    void incidentsAreNewestFirstAndAnOngoingOneHasANullEnd() {
        JsonNode incidents = fixture.json("/api/v1/monitors/old/incidents?window=7d");

        assertThat(incidents.size()).isEqualTo(2);
        JsonNode ongoing = incidents.get(0);
        assertThat(names(ongoing)).containsExactly("start", "end", "duration", "status", "detail");
        assertThat(ongoing.get("start").asLong()).isEqualTo(daysAgo(1).getEpochSecond());
        assertThat(ongoing.get("end").isNull()).isTrue();
        assertThat(ongoing.get("duration").asLong()).isEqualTo(86_400);
        assertThat(ongoing.get("status").asString()).isEqualTo("error");
        assertThat(ongoing.get("detail").asString()).isEqualTo("no such host");
        JsonNode ended = incidents.get(1);
        assertThat(ended.get("start").asLong()).isEqualTo(daysAgo(5).getEpochSecond());
        assertThat(ended.get("end").asLong()).isEqualTo(daysAgo(5).getEpochSecond() + 600);
        assertThat(ended.get("duration").asLong()).isEqualTo(600);
        assertThat(ended.get("status").asString()).isEqualTo("unhealthy");

        assertThat(fixture.json("/api/v1/monitors/old/incidents?window=7d&limit=1").size()).isEqualTo(1);
        assertThat(fixture.json("/api/v1/monitors/old/incidents?window=24h").size()).as("30 d by default, here 24 h")
                .isEqualTo(1);
        assertThat(fixture.json("/api/v1/monitors/fresh/incidents").size()).isZero();
    }

    @Test
    void aStoredMonitorThatIsNotLiveIsStillKnown() {
        fixture.client.get().uri("/api/v1/monitors/old/uptime").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
    }

    @Test
    void aLiveMonitorThatIsRemovedAndHasNoHistoryBecomesUnknown() {
        List<dev.healthmon.core.model.MonitorSnapshot> before = fixture.live.get();
        try {
            fixture.live.set(List.of(HistoryFixture.snapshot("api", HealthStatus.HEALTHY, 12)));
            fixture.client.get().uri("/api/v1/monitors/fresh/uptime").exchange()
                    .expectStatus().isNotFound()
                    .expectBody().json("{\"error\":\"no monitor named 'fresh'\"}", true);
        }
        finally {
            fixture.live.set(before);
        }
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private static List<Double> cells(JsonNode bar) {
        List<Double> cells = new ArrayList<>();
        bar.forEach(cell -> cells.add(cell.isNull() ? null : cell.asDouble()));
        return cells;
    }
}
