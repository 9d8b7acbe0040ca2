package dev.healthmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorSnapshot;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The monitor JSON, byte for byte: its {@code config} object keeps the keys, their order and their forms. */
class MonitorViewTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void configShowsEveryCheckFieldInOrderWithDurationsAsWritten() {
        String json = JSON.writeValueAsString(MonitorView.of(snapshot(HealthCheckConfig.builder()
                .interval(Duration.ofSeconds(90)).timeout(Duration.ofMillis(1500)).build())));

        assertThat(json).endsWith(",\"config\":{\"interval\":\"1m30s\",\"timeout\":\"1.5s\",\"path\":\"/\","
                + "\"method\":\"GET\",\"retries\":3,\"jitter\":\"10s\",\"healthyThreshold\":1,\"maxErrors\":5,"
                + "\"expectStatus\":[],\"tlsVerify\":true,\"reuseConnection\":true,\"public\":false,\"publicDetail\":false,\"degradedChecks\":1,"
                + "\"certificateExpiry\":[],\"dependsOn\":[]},\"maintenance\":null,\"held\":null}");
    }

    @Test
    void configShowsPayloadAndExpectOnlyWhenSet() {
        String json = JSON.writeValueAsString(MonitorView.of(snapshot(HealthCheckConfig.builder()
                .path("/health").method("head").retries(-1).jitter(Duration.ZERO).healthyThreshold(2).maxErrors(7)
                .expectStatus(Set.of(204, 200)).tlsVerify(true).payload("PING\r\n").expect("+PONG").group("cache").listedPublicly(true).build())));

        assertThat(json).endsWith(",\"config\":{\"interval\":\"30s\",\"timeout\":\"10s\",\"path\":\"/health\","
                + "\"method\":\"HEAD\",\"retries\":-1,\"jitter\":\"0s\",\"healthyThreshold\":2,\"maxErrors\":7,"
                + "\"expectStatus\":[200,204],\"tlsVerify\":true,\"reuseConnection\":true,\"payload\":\"PING\\r\\n\",\"expect\":\"+PONG\",\"group\":\"cache\",\"public\":true,"
                + "\"publicDetail\":false,\"degradedChecks\":1,\"certificateExpiry\":[],\"dependsOn\":[]},\"maintenance\":null,\"held\":null}");
    }

    @Test
    void theStreamingWriterWritesEveryMonitorByteForByteAsTheView() {
        HealthCheckConfig plain = HealthCheckConfig.builder().build();
        HealthCheckConfig stream = HealthCheckConfig.builder().payload("PING\r\n\"x\"").expect("+PONG")
                .expectStatus(Set.of(204, 200)).group("caché").listedPublicly(true).build();
        List<MonitorSnapshot> snapshots = List.of(snapshot(plain), snapshot("cache", stream),
                new MonitorSnapshot("never-seen", HealthStatus.STARTING, Instant.ofEpochSecond(5), Duration.ZERO,
                        Duration.ZERO, null, "line\nbreak \u2603", URI.create("tcp://[::1]:6379"), 3, stream),
                new MonitorSnapshot("held", HealthStatus.UNHEALTHY, Instant.ofEpochSecond(5), Duration.ZERO,
                        Duration.ZERO, null, "HTTP 503", URI.create("http://user:pw@127.0.0.1:1/h?key=secret"), 3, plain,
                        new dev.healthmon.core.model.ActiveWindow("nightly", Instant.ofEpochSecond(1_764_000_000),
                                Instant.ofEpochSecond(1_764_003_600)), "maintenance 'nightly'"));

        assertThat(MonitorJson.array(snapshots))
                .isEqualTo(JSON.writeValueAsString(snapshots.stream().map(MonitorView::of).toList()));
        Map<String, MonitorView> byName = new LinkedHashMap<>();
        snapshots.forEach(snapshot -> byName.put(snapshot.name(), MonitorView.of(snapshot)));
        assertThat(new String(MonitorJson.byName(snapshots), StandardCharsets.UTF_8))
                .isEqualTo(JSON.writeValueAsString(byName));
        // brief: the same without config, the group beside the name when there is one
        String brief = MonitorJson.array(snapshots, true);
        assertThat(brief).doesNotContain("\"config\"").doesNotContain("interval");
        assertThat(JSON.readTree(brief).get(1).get("group").asString()).isEqualTo("caché");
        assertThat(JSON.readTree(brief).get(0).has("group")).isFalse();
        assertThat(JSON.readTree(brief).get(2).get("detail").asString()).isEqualTo("line\nbreak \u2603");
        assertThat(MonitorJson.array(snapshots)).doesNotContain("secret").doesNotContain("pw@");
        assertThat(brief).doesNotContain("secret").doesNotContain("pw@");
    }

    @Test
    void aWindowAndAHeldDownAreShown() {
        MonitorSnapshot plain = snapshot(HealthCheckConfig.defaults());
        MonitorSnapshot held = new MonitorSnapshot(plain.name(), plain.status(), plain.started(), plain.uptime(),
                plain.latency(), plain.lastSeen(), plain.detail(), plain.url(), 0, plain.config(),
                new dev.healthmon.core.model.ActiveWindow("nightly", Instant.ofEpochSecond(1_764_000_000),
                        Instant.ofEpochSecond(1_764_003_600)), "maintenance 'nightly'");

        String json = JSON.writeValueAsString(MonitorView.of(held));

        assertThat(json).endsWith(",\"maintenance\":{\"name\":\"nightly\",\"from\":1764000000,"
                + "\"until\":1764003600},\"held\":\"maintenance 'nightly'\"}");
    }

    @Test
    void aPreviewCountsEveryMonitorAndHoldsTheFirstInTheDashboardsOrder() {
        HealthCheckConfig core = HealthCheckConfig.builder().group("core").build();
        HealthCheckConfig plain = HealthCheckConfig.defaults();
        MonitorSnapshot zeta = snapshot("zeta", plain);
        List<MonitorSnapshot> snapshots = List.of(snapshot("b-core", core), zeta, snapshot("a-core", core),
                new MonitorSnapshot("alpha", HealthStatus.UNHEALTHY, Instant.ofEpochSecond(5), Duration.ZERO,
                        Duration.ZERO, null, "HTTP 503", URI.create("http://127.0.0.1:1"), 3, plain),
                new MonitorSnapshot("held", HealthStatus.UNHEALTHY, Instant.ofEpochSecond(5), Duration.ZERO,
                        Duration.ZERO, null, "HTTP 503", URI.create("http://127.0.0.1:1"), 3, plain,
                        new dev.healthmon.core.model.ActiveWindow("nightly", Instant.ofEpochSecond(1_764_000_000),
                                Instant.ofEpochSecond(1_764_003_600)), "maintenance 'nightly'"));

        var preview = JSON.readTree(MonitorJson.preview(snapshots, 3));

        assertThat(preview.get("total").asInt()).isEqualTo(5);
        assertThat(preview.get("statuses").toString()).isEqualTo("{\"healthy\":3,\"unhealthy\":1}");
        assertThat(preview.get("inMaintenance").asInt()).isEqualTo(1);
        // the ungrouped first, then by group, each by name: as overview.js sorts; brief, as the snapshot it precedes
        assertThat(preview.get("monitors").valueStream().map(m -> m.get("name").asString()).toList())
                .containsExactly("alpha", "held", "zeta");
        assertThat(preview.get("monitors").get(2).toString()).isEqualTo(MonitorJson.array(List.of(zeta), true)
                .replaceAll("^\\[|\\]$", ""));
        assertThat(JSON.readTree(MonitorJson.preview(snapshots, 5)).get("monitors").get(4).get("name").asString())
                .isEqualTo("b-core");
    }

    private static MonitorSnapshot snapshot(HealthCheckConfig config) {
        return snapshot("api", config);
    }

    private static MonitorSnapshot snapshot(String name, HealthCheckConfig config) {
        return new MonitorSnapshot(name, HealthStatus.HEALTHY, Instant.ofEpochSecond(1_764_000_000),
                Duration.ofSeconds(42), Duration.ofMillis(3), Instant.ofEpochSecond(1_764_000_040), "HTTP 200 OK",
                URI.create("http://127.0.0.1:8080"), 0, config);
    }
}
