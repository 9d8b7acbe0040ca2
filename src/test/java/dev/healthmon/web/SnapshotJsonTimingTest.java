package dev.healthmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorSnapshot;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The snapshot of 10,000 monitors written by Jackson from the view records (as before) and by the streaming writer:
 * the best of a few runs of each is printed, not asserted; the two must agree byte for byte.
 */
class SnapshotJsonTimingTest {

    private static final int MONITORS = 10_000;
    private static final int RUNS = 7;

    @Test
    void theStreamingWriterTimeIsPrintedBesideJacksonsFromTheViews() {
        JsonMapper json = JsonMapper.builder().build();
        List<MonitorSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < MONITORS; i++) {
            HealthCheckConfig config = HealthCheckConfig.builder().group("group-" + i % 50).build();
            snapshots.add(new MonitorSnapshot("svc-%05d".formatted(i), HealthStatus.HEALTHY,
                    Instant.ofEpochSecond(1_764_000_000), Duration.ofSeconds(42), Duration.ofMillis(3),
                    Instant.ofEpochSecond(1_764_000_040), "HTTP 200 OK", URI.create("http://127.0.0.1:8080/health"),
                    0, config));
        }
        long views = Long.MAX_VALUE;
        long streaming = Long.MAX_VALUE;
        long brief = Long.MAX_VALUE;
        String fromViews = "";
        String streamed = "";
        int briefSize = 0;
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            fromViews = json.writeValueAsString(snapshots.stream().map(MonitorView::of).toList());
            views = Math.min(views, System.nanoTime() - start);
            start = System.nanoTime();
            streamed = MonitorJson.array(snapshots);
            streaming = Math.min(streaming, System.nanoTime() - start);
            start = System.nanoTime();
            briefSize = MonitorJson.array(snapshots, true).length();
            brief = Math.min(brief, System.nanoTime() - start);
        }
        assertThat(streamed).isEqualTo(fromViews);
        System.out.printf("snapshot JSON of %,d monitors, best of %d: Jackson from view records %.1f ms, streaming "
                + "writer %.1f ms (%,d characters), brief %.1f ms (%,d characters)%n", MONITORS, RUNS, views / 1e6,
                streaming / 1e6, streamed.length(), brief / 1e6, briefSize);
    }
}
