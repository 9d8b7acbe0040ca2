package dev.healthmon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.healthmon.app.JvmProcess;
import dev.healthmon.core.model.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark subcommand as people run it: a tiny run in a JVM of its own prints the table and a JSON line
 * with every figure. How fast is not asserted: the machine is shared.
 */
class BenchCommandTest {

    private static final List<String> FIGURES = List.of("checks_per_s", "scheduled_per_s", "on_time_share",
            "lateness_p50_ms", "lateness_p99_ms", "lateness_max_ms", "cpu_us_per_check", "cpu_user_us_per_check",
            "cpu_sys_us_per_check", "cpu_jit_us_per_check", "cpu_gc_us_per_check", "cpu_us_per_check_without_jit",
            "allocated_bytes_per_check", "store_thread_cpu_us_per_check", "rss_mb",
            "heap_kb_per_monitor", "new_connections_per_check", "sse_delay_p50_ms", "sse_delay_p99_ms",
            "loadavg_before");

    @Test
    void aTinyRunPrintsTheTableAndAJsonLineWithEveryFigure(@TempDir Path dir) throws Exception {
        Process bench = JvmProcess.start(dir, "bench", "--monitors", "20", "--warmup", "1s", "--duration", "3s",
                "--flip", "0.25", "--flip-every", "1s", "--sse", "2");
        JvmProcess.Output output = JvmProcess.Output.of(bench, Pattern.compile("^BENCH_JSON (\\d)"));
        try {
            // generous: two service starts and a target process on a machine other builds share
            assertThat(bench.waitFor(300, TimeUnit.SECONDS)).as("the run ends").isTrue();
        }
        finally {
            bench.destroyForcibly();
        }
        String printed = output.all().get(10, TimeUnit.SECONDS);

        assertThat(bench.exitValue()).as(printed).isZero();
        assertThat(printed).contains("checks/s completed", "started within 100 ms of tick", "lateness p99 (ms)",
                "process CPU per check (us)", "RSS (MB)", "heap per monitor (KB)", "new connections per check",
                "status change to client p99 (ms)");
        String json = printed.lines().filter(line -> line.startsWith("BENCH_JSON ")).findFirst().orElseThrow()
                .substring("BENCH_JSON ".length());
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = JsonMapper.builder().build().readValue(json, Map.class);
        assertThat(figures).containsKeys(FIGURES.toArray(String[]::new))
                .containsEntry("monitors", 20)
                .containsEntry("store", "on");
        assertThat(((Number) figures.get("checks_per_s")).doubleValue()).isPositive();
        // the store writes every second in a run with the store on: its own threads' CPU is a figure, not a blank
        assertThat(figures.get("store_thread_cpu_us_per_check")).isInstanceOf(Number.class);
        // on Linux the JIT's and the collector's threads are read from /proc: figures, not blanks
        assertThat(figures.get("cpu_jit_us_per_check")).isInstanceOf(Number.class);
        assertThat(figures.get("cpu_gc_us_per_check")).isInstanceOf(Number.class);
        // HotSpot counts every thread's allocation: a check allocates, so the figure is a positive number
        assertThat(figures.get("allocated_bytes_per_check")).isInstanceOfSatisfying(Number.class,
                bytes -> assertThat(bytes.longValue()).isPositive());
    }

    @Test
    void badOptionsNameTheField() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--mode", "udp")))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("bench.mode"));
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--flip", "2")))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("bench.flip"));
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--interval", "soon")))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("bench.interval"));
    }

    @Test
    void histogramPercentilesAreBucketBoundsCappedAtTheMaximum() {
        Histogram histogram = new Histogram();
        for (int i = 1; i <= 100; i++) {
            histogram.record(i * 1000L);
        }

        assertThat(histogram.percentileMicros(50)).isEqualTo(50_010);
        assertThat(histogram.percentileMicros(99)).isEqualTo(99_010);
        assertThat(histogram.maxMicros()).isEqualTo(100_000);
        assertThat(new Histogram().percentileMicros(99)).isZero();
    }
}
