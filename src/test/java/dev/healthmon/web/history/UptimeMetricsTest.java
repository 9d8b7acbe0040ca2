package dev.healthmon.web.history;

import static dev.healthmon.web.history.HistoryFixture.NOW;
import static dev.healthmon.web.history.HistoryFixture.unix;
import static dev.healthmon.web.history.HistoryRoutesTest.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** GoDoxy's {@code /api/v1/metrics/uptime}, computed from the store, field for field. */
class UptimeMetricsTest {

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
    void aPeriodGivesSharesOfItAndAHundredPointsOverTheHistoryThatExists() {
        JsonNode answer = fixture.json("/api/v1/metrics/uptime?period=1h");

        assertThat(names(answer)).containsExactly("total", "data");
        assertThat(answer.get("total").asInt()).isEqualTo(3);
        JsonNode api = answer.get("data").get(0);
        assertThat(names(api)).containsExactly("alias", "uptime", "downtime", "idle", "avg_latency",
                "current_status", "statuses");
        assertThat(api.get("alias").asString()).isEqualTo("api");
        assertThat(api.get("uptime").asDouble()).isEqualTo(2640.0 / 3600);
        assertThat(api.get("downtime").asDouble()).isEqualTo(300.0 / 3600);
        assertThat(api.get("idle").asDouble()).as("starting, T0..T0+60").isEqualTo(60.0 / 3600);
        assertThat(api.get("avg_latency").asDouble()).isEqualTo(20.0);
        assertThat(api.get("current_status").asString()).isEqualTo("healthy");

        JsonNode statuses = api.get("statuses");
        assertThat(statuses.size()).isEqualTo(100);
        assertThat(names(statuses.get(0))).containsExactly("status", "latency", "timestamp");
        // every 36 s back from now: the first at T0+36, still starting
        assertThat(statuses.get(0).get("timestamp").asLong()).isEqualTo(unix(36));
        assertThat(statuses.get(0).get("status").asString()).isEqualTo("starting");
        assertThat(statuses.get(0).get("latency").asInt()).isZero();
        assertThat(statuses.get(1).get("timestamp").asLong()).isEqualTo(unix(72));
        assertThat(statuses.get(1).get("status").asString()).isEqualTo("healthy");
        assertThat(statuses.get(1).get("latency").asInt()).isEqualTo(10);
        assertThat(point(statuses, unix(1224)).get("status").asString()).isEqualTo("unhealthy");
        assertThat(point(statuses, unix(1512)).get("latency").asInt()).isEqualTo(30);
        assertThat(point(statuses, unix(3024)).get("status").asString()).as("service down").isEqualTo("unknown");
        assertThat(point(statuses, unix(3024)).get("latency").asInt()).isZero();
        assertThat(statuses.get(99).get("timestamp").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(statuses.get(99).get("status").asString()).isEqualTo("healthy");
    }

    @Test
    void pointsStartWhereHistoryStartsAndAMonitorWithoutHistoryHasNone() {
        JsonNode data = fixture.json("/api/v1/metrics/uptime?period=1d").get("data");

        JsonNode api = data.get(0);
        // 864 s apart back from now; the earliest at or after T0
        assertThat(api.get("statuses").size()).isEqualTo(5);
        assertThat(api.get("statuses").get(0).get("timestamp").asLong()).isEqualTo(NOW.getEpochSecond() - 4 * 864);
        assertThat(api.get("uptime").asDouble()).isEqualTo(2640.0 / 86_400);
        JsonNode fresh = data.get(1);
        assertThat(fresh.get("alias").asString()).isEqualTo("fresh");
        assertThat(fresh.get("statuses").size()).isZero();
        assertThat(fresh.get("current_status").asString()).isEqualTo("starting");
        assertThat(fresh.get("uptime").asDouble()).isZero();
        JsonNode old = data.get(2);
        assertThat(old.get("statuses").size()).isEqualTo(100);
        assertThat(old.get("current_status").asString()).as("not live: the last stored").isEqualTo("error");
        assertThat(old.get("downtime").asDouble()).isEqualTo((86_400 - 300) / 86_400.0);
    }

    @Test
    void keywordFiltersBeforeTotalAndPagingComesAfter() {
        JsonNode fuzzy = fixture.json("/api/v1/metrics/uptime?period=5m&keyword=AI");
        assertThat(fuzzy.get("total").asInt()).isEqualTo(1);
        assertThat(fuzzy.get("data").get(0).get("alias").asString()).isEqualTo("api");

        JsonNode page = fixture.json("/api/v1/metrics/uptime?period=5m&limit=1&offset=1");
        assertThat(page.get("total").asInt()).isEqualTo(3);
        assertThat(page.get("data").size()).isEqualTo(1);
        assertThat(page.get("data").get(0).get("alias").asString()).isEqualTo("fresh");

        JsonNode pastTheEnd = fixture.json("/api/v1/metrics/uptime?period=5m&offset=3");
        assertThat(pastTheEnd.get("total").asInt()).isEqualTo(3);
        assertThat(pastTheEnd.get("data").isArray()).isTrue();
        assertThat(pastTheEnd.get("data").size()).isZero();

        assertThat(fixture.json("/api/v1/metrics/uptime?period=5m&keyword=zz").get("total").asInt()).isZero();
    }

    @Test
    void aFiveMinutePeriodHasPointsThreeSecondsApart() {
        JsonNode statuses = fixture.json("/api/v1/metrics/uptime?period=5m").get("data").get(0).get("statuses");

        assertThat(statuses.size()).isEqualTo(100);
        assertThat(statuses.get(99).get("timestamp").asLong() - statuses.get(98).get("timestamp").asLong())
                .isEqualTo(3);
    }

    @Test
    void withoutAPeriodEveryLiveMonitorShowsItsStatusNow() {
        JsonNode latest = fixture.json("/api/v1/metrics/uptime");

        assertThat(names(latest)).containsExactly("statuses", "timestamp");
        assertThat(latest.get("timestamp").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(names(latest.get("statuses"))).containsExactly("api", "fresh");
        JsonNode api = latest.get("statuses").get("api");
        assertThat(names(api)).containsExactly("status", "latency", "timestamp");
        assertThat(api.get("status").asString()).isEqualTo("healthy");
        assertThat(api.get("latency").asInt()).isEqualTo(12);
        assertThat(api.get("timestamp").asLong()).isEqualTo(NOW.getEpochSecond());

        List<MonitorSnapshot> before = fixture.live.get();
        try {
            fixture.live.set(List.of(HistoryFixture.snapshot("api", HealthStatus.UNHEALTHY, 0)));
            JsonNode changed = fixture.json("/api/v1/metrics/uptime?period=");
            assertThat(changed.get("statuses").get("api").get("status").asString()).isEqualTo("unhealthy");
            assertThat(fixture.json("/api/v1/metrics/uptime?period=1h").get("data").get(0).get("current_status")
                    .asString()).isEqualTo("unhealthy");
        }
        finally {
            fixture.live.set(before);
        }
    }

    @Test
    void keywordsMatchAsGoDoxysFuzzySearchDoes() {
        assertThat(UptimeMetrics.matches("", "anything")).isTrue();
        assertThat(UptimeMetrics.matches("gfa", "grafana")).isTrue();
        assertThat(UptimeMetrics.matches("GRAF", "grafana")).isTrue();
        assertThat(UptimeMetrics.matches("ga", "grafana")).isTrue();
        assertThat(UptimeMetrics.matches("ag", "grafana")).as("in order").isFalse();
        assertThat(UptimeMetrics.matches("fg", "grafana")).isFalse();
        assertThat(UptimeMetrics.matches("grafana", "grafana")).isTrue();
        assertThat(UptimeMetrics.matches("grafanas", "grafana")).isFalse();
    }

    private static JsonNode point(JsonNode statuses, long timestamp) {
        for (JsonNode status : statuses) {
            if (status.get("timestamp").asLong() == timestamp) {
                return status;
            }
        }
        throw new AssertionError("no point at " + timestamp);
    }
}
