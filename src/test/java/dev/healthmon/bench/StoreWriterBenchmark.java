package dev.healthmon.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Outcome;
import dev.healthmon.store.HistoryStore;
import dev.healthmon.store.HistoryWriter;
import dev.healthmon.store.StoreConfig;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * What the history store costs per check, alone: N monitors checked every second for S seconds, as
 * {@code Checked} events at the real rate (N a second, from one thread, as the registry's stream delivers them),
 * into a SQLite store in a temporary directory with the service's defaults (buffer 10,000, batches of 500 within
 * 1 s). Process CPU time from the first event to the writer's last batch, per check fed. No engine, no probe: the
 * figure is what the store adds to a check.
 *
 * <p>{@code --mode summaries} is {@link HistoryWriter} (checks counted per monitor, one summary per span);
 * {@code --mode events} is the writer as it was before summaries (every check an event through the bounded buffer,
 * batches of events), built from the same operators and {@link HistoryStore#write(List)}; {@code --mode none}
 * only makes the events, whose cost (and the JIT's and the GC's for them) the other two include. Nothing is
 * asserted.
 * <pre>
 * ./mvnw -q test-compile
 * ./mvnw -q package -DskipTests && mkdir -p /tmp/lib && (cd /tmp/lib && jar xf "$OLDPWD"/target/healthmon-*.jar BOOT-INF/lib)
 * java -Xmx1g -cp "target/test-classes:target/classes:/tmp/lib/BOOT-INF/lib/*" dev.healthmon.bench.StoreWriterBenchmark \
 *     --monitors 10000 --seconds 60 --mode summaries
 * </pre>
 */
final class StoreWriterBenchmark {

    private static final int TICKS_PER_SECOND = 100;

    private StoreWriterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int monitors = 10_000;
        int seconds = 60;
        String mode = "summaries";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--monitors" -> monitors = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--mode" -> mode = args[i + 1];
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        Path dir = Files.createTempDirectory("healthmon-writer-bench");
        StoreConfig config = StoreConfig.defaults().withUrl("jdbc:sqlite:" + dir.resolve("history.db"));
        AtomicLong fed = new AtomicLong();
        AtomicLong overflow = new AtomicLong();
        try (HistoryStore store = HistoryStore.open(config)) {
            int n = monitors;
            int perTick = Math.max(1, n / TICKS_PER_SECOND);
            // monitor i is checked at i / n of each second, every second
            Flux<MonitorEvent> events = Flux.interval(Duration.ofMillis(1000 / TICKS_PER_SECOND), Schedulers.single())
                    .take((long) seconds * TICKS_PER_SECOND)
                    .concatMapIterable(tick -> {
                        List<MonitorEvent> checks = new ArrayList<>(perTick);
                        Instant now = Instant.now();
                        for (int k = 0; k < perTick; k++) {
                            int m = (int) ((tick * perTick + k) % n);
                            boolean pass = (tick + m) % 50 != 0;
                            checks.add(new MonitorEvent.Checked("m" + m, pass ? Outcome.Kind.PASS : Outcome.Kind.FAIL,
                                    HealthStatus.HEALTHY, pass ? "HTTP 200" : "HTTP 503",
                                    Duration.ofNanos(1000 * (300 + (m * 31L + tick) % 700)), now));
                        }
                        fed.addAndGet(checks.size());
                        return checks;
                    });
            long cpu0 = cpuNanos();
            long wall0 = System.nanoTime();
            Flux<?> writing = mode.equals("none") ? events
                    : mode.equals("events")
                    ? events.onBackpressureBuffer(config.bufferLimit(), dropped -> overflow.incrementAndGet(),
                                    BufferOverflowStrategy.DROP_OLDEST)
                            .bufferTimeout(config.batchSize(), config.batchWait(), Schedulers.parallel(), true)
                            .concatMap(store::write, 1)
                    : HistoryWriter.create(store, Schedulers.parallel()).writes(events);
            writing.blockLast(Duration.ofSeconds(seconds * 10L + 120));
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = (cpuNanos() - cpu0) / 1e3;
            double dropped = mode.equals("events") ? overflow.get() : store.metrics().droppedOnOverflow();
            System.out.printf("STORE_WRITER mode=%s monitors=%d seconds=%d checks=%d dropped=%.0f rows=%.0f batches=%.0f"
                            + " wall_s=%.1f cpu_s=%.2f cpu_us_per_check=%.2f load_before=\"%s\" load_after=\"%s\"%n",
                    mode, n, seconds, fed.get(), dropped, store.metrics().rowsWritten(),
                    store.metrics().batchesWritten(), wall, cpu / 1e6, cpu / fed.get(), load,
                    Files.readString(Path.of("/proc/loadavg")).trim());
        }
        Schedulers.shutdownNow();
    }

    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
