package dev.healthmon.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.healthmon.app.MonitorMetrics;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.MonitorSettings;
import dev.healthmon.core.model.Target;
import dev.healthmon.core.probe.Probe;
import dev.healthmon.core.probe.Probes;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.core.schedule.Monitors;
import dev.healthmon.web.EventHub;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.TcpServer;

/**
 * The engine's own schedule benchmark, until the {@code bench} subcommand lands: N monitors at an interval, in one
 * registry with the SSE hub and the metrics subscribed as in the service (no store), against a target in a child
 * JVM on 127.0.0.1, so that the CPU measured is the checker's alone. It prints checks/s against scheduled, the
 * share of checks started within 100 ms of their tick, lateness p50/p99/max, process CPU-µs per check, heap per
 * monitor, RSS and the target's accepted connections per check. Not a test: run it with {@code java -cp}, e.g.
 * <pre>
 * ./mvnw -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx256m -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) dev.healthmon.bench.ScheduleBenchmark \
 *     --mode http --monitors 1000 --interval-ms 1000 --warmup-s 15 --measure-s 30
 * </pre>
 * Modes: {@code http} (the engine's default connection handling), {@code http-new} ({@code reuseConnection:
 * false}), {@code tcp}. Bounded: the target exits when this process closes its stdin, or after 20 minutes.
 */
public final class ScheduleBenchmark {

    private static final long ON_TIME_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private ScheduleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        if (args.length > 0 && args[0].equals("target")) {
            target(args[1], Integer.parseInt(args[2]));
            return;
        }
        Map<String, String> options = options(args);
        String mode = options.getOrDefault("mode", "http");
        int monitors = Integer.parseInt(options.getOrDefault("monitors", "1000"));
        Duration interval = Duration.ofMillis(Long.parseLong(options.getOrDefault("interval-ms", "1000")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup-s", "15")));
        Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("measure-s", "30")));
        int ports = Integer.parseInt(options.getOrDefault("ports", "16"));
        boolean consumers = !options.containsKey("no-consumers");
        new Run(mode, monitors, interval, warmup, measure, ports, consumers).run();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].replaceFirst("^--", "");
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(key, flag ? "true" : args[++i]);
        }
        return options;
    }

    // the target process: ports that answer GET /health with 200 (or accept TCP), counting accepted connections
    private static void target(String kind, int count) throws IOException {
        LongAdder accepted = new LongAdder();
        List<DisposableServer> servers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            servers.add(kind.equals("tcp")
                    ? TcpServer.create().host("127.0.0.1").port(0)
                            .doOnChannelInit((observer, channel, address) -> accepted.increment())
                            .handle((in, out) -> out.neverComplete())
                            .bindNow()
                    : HttpServer.create().host("127.0.0.1").port(0)
                            .doOnChannelInit((observer, channel, address) -> accepted.increment())
                            .route(routes -> routes.get("/health", (req, res) -> res.status(200).send()))
                            .bindNow());
        }
        StringBuilder line = new StringBuilder("PORTS");
        servers.forEach(server -> line.append(' ').append(server.port()));
        System.out.println(line);
        System.out.flush();
        Disposable reports = reactor.core.publisher.Flux.interval(Duration.ofMillis(200))
                .take(Duration.ofMinutes(20))
                .subscribe(tick -> System.out.println("ACCEPTED " + accepted.sum()), null, () -> System.exit(0));
        // ends when the checker closes our stdin (or dies)
        while (System.in.read() >= 0) {
            // nothing to read: the checker only closes it
        }
        reports.dispose();
        servers.forEach(DisposableServer::disposeNow);
        System.exit(0);
    }

    private record Run(String mode, int monitors, Duration interval, Duration warmup, Duration measure, int ports,
            boolean consumers) {

        void run() throws Exception {
            Process target = startTarget(mode.startsWith("http") ? "http" : "tcp", ports);
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(),
                        StandardCharsets.UTF_8));
                int[] targetPorts = Arrays.stream(out.readLine().substring("PORTS ".length()).split(" "))
                        .mapToInt(Integer::parseInt).toArray();
                AtomicLong accepted = new AtomicLong();
                Thread reader = new Thread(() -> readAccepted(out, accepted), "target-reader");
                reader.setDaemon(true);
                reader.start();
                measure(targetPorts, accepted);
            }
            finally {
                target.getOutputStream().close();
                target.waitFor(10, TimeUnit.SECONDS);
                target.destroyForcibly();
            }
        }

        private void measure(int[] targetPorts, AtomicLong accepted) throws Exception {
            Map<String, Object> written = new HashMap<>();
            written.put("interval", interval.toMillis() + "ms");
            written.put("timeout", "5s");
            // the longest jitter, so that each monitor's fixed one below is not capped
            written.put("jitter", interval.toMillis() + "ms");
            written.put("path", "/health");
            if (mode.equals("http-new")) {
                written.put("reuseConnection", false);
            }
            HealthCheckConfig config = HealthCheckConfig.from(MonitorSettings.read(written));
            Probes probes = Probes.create();
            MonitorRegistry registry = MonitorRegistry.create();
            List<Disposable> subscriptions = new ArrayList<>();
            if (consumers) {
                EventHub hub = EventHub.create(registry::snapshot, 256, 1024, System.currentTimeMillis());
                subscriptions.add(hub.subscribeTo(registry.events()));
                MonitorMetrics metrics = new MonitorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        registry, hub);
                subscriptions.add(metrics.subscribeTo(registry.events()));
            }
            long intervalNanos = interval.toNanos();
            Samples samples = new Samples(monitors * (measure.toSeconds() + 2) * 1000 / Math.max(1,
                    interval.toMillis()) + 16);
            System.gc();
            long heapBefore = usedHeap();
            for (int i = 0; i < monitors; i++) {
                String scheme = mode.startsWith("http") ? "http" : "tcp";
                URI url = URI.create(scheme + "://127.0.0.1:" + targetPorts[i % targetPorts.length]);
                // the periodic ticks of the monitors spread evenly over the interval, their phase known here
                Duration jitter = Duration.ofNanos(intervalNanos * i / monitors);
                Probe probe = probes.probeFor("m" + i, Target.of(url), config);
                long base = System.nanoTime() + jitter.toNanos();
                Probe timed = checked -> {
                    samples.started(System.nanoTime(), base, intervalNanos);
                    return probe.check(checked);
                };
                registry.add(Monitors.of(String.format(Locale.ROOT, "service-%05d", i), config, url, timed,
                        MonitorOptions.defaults().withFixedJitter(jitter)));
            }
            Mono.delay(warmup).block();
            System.gc();
            long heapAfter = usedHeap();
            long acceptedBefore = accepted.get();
            long cpuBefore = processCpuNanos();
            long[] ticksBefore = userSystemTicks();
            samples.open();
            long start = System.nanoTime();
            Mono.delay(measure).block();
            samples.close();
            long seconds = System.nanoTime() - start;
            long cpu = processCpuNanos() - cpuBefore;
            long[] ticksAfter = userSystemTicks();
            long user = ticksAfter[0] - ticksBefore[0];
            long system = ticksAfter[1] - ticksBefore[1];
            String split = String.format(Locale.ROOT, "%.0f%%", 100.0 * system / Math.max(1, user + system));
            long acceptedDuring = accepted.get() - acceptedBefore;
            registry.dispose();
            subscriptions.forEach(Disposable::dispose);
            samples.report(mode, monitors, interval, seconds, cpu, acceptedDuring, (heapAfter - heapBefore)
                    / monitors, rssKb(), loadAverage(), split);
        }

        private static void readAccepted(BufferedReader out, AtomicLong accepted) {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("ACCEPTED ")) {
                        accepted.set(Long.parseLong(line.substring("ACCEPTED ".length()).trim()));
                    }
                }
            }
            catch (IOException ignored) {
                // the target went away: the count stays where it was
            }
        }

        private static Process startTarget(String kind, int ports) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new ProcessBuilder(java, "-Xmx256m", "-XX:ActiveProcessorCount=2", "-cp",
                    System.getProperty("java.class.path"), ScheduleBenchmark.class.getName(), "target", kind,
                    Integer.toString(ports))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        }
    }

    /** Check starts: lateness behind their tick, counted only while open. */
    private static final class Samples {
        private final long[] lateness;
        private final AtomicInteger count = new AtomicInteger();
        private volatile boolean open;

        Samples(long capacity) {
            this.lateness = new long[(int) Math.min(Integer.MAX_VALUE - 8, capacity)];
        }

        void started(long now, long base, long interval) {
            if (!open) {
                return;
            }
            int i = count.getAndIncrement();
            if (i < lateness.length) {
                lateness[i] = Math.floorMod(now - base, interval);
            }
        }

        void open() {
            open = true;
        }

        void close() {
            open = false;
        }

        void report(String mode, int monitors, Duration interval, long nanos, long cpuNanos, long accepted,
                long heapPerMonitor, long rssKb, String load, String systemShare) {
            int n = Math.min(count.get(), lateness.length);
            long[] sorted = Arrays.copyOf(lateness, n);
            Arrays.sort(sorted);
            long onTime = Arrays.stream(sorted).filter(l -> l <= ON_TIME_NANOS).count();
            double seconds = nanos / 1e9;
            double scheduled = monitors * seconds * 1000.0 / interval.toMillis();
            System.out.printf(Locale.ROOT, "mode=%s monitors=%d interval=%dms: checks/s %.0f of %.0f scheduled "
                            + "(%.3f), on time %.4f, lateness p50 %.1f ms p99 %.1f ms max %.1f ms, CPU %.1f us/check (%s in the kernel),"
                            + " new connections/check %.3f, heap/monitor %d B, RSS %d MB, load %s%n",
                    mode, monitors, interval.toMillis(), n / seconds, scheduled / seconds, n / scheduled,
                    n == 0 ? 0.0 : (double) onTime / n, ms(percentile(sorted, 50)), ms(percentile(sorted, 99)),
                    ms(n == 0 ? 0 : sorted[n - 1]), n == 0 ? 0.0 : cpuNanos / 1e3 / n, systemShare,
                    n == 0 ? 0.0 : (double) accepted / n, heapPerMonitor, rssKb / 1024, load);
            System.out.printf(Locale.ROOT, "{\"mode\":\"%s\",\"monitors\":%d,\"intervalMs\":%d,\"checksPerSecond\":%.1f,"
                            + "\"scheduledPerSecond\":%.1f,\"onTime\":%.4f,\"latenessP50Ms\":%.2f,\"latenessP99Ms\":%.2f,"
                            + "\"latenessMaxMs\":%.2f,\"cpuMicrosPerCheck\":%.2f,\"newConnectionsPerCheck\":%.4f,"
                            + "\"heapPerMonitorBytes\":%d,\"rssMb\":%d,\"load\":\"%s\"}%n",
                    mode, monitors, interval.toMillis(), n / seconds, scheduled / seconds,
                    n == 0 ? 0.0 : (double) onTime / n, ms(percentile(sorted, 50)), ms(percentile(sorted, 99)),
                    ms(n == 0 ? 0 : sorted[n - 1]), n == 0 ? 0.0 : cpuNanos / 1e3 / n,
                    n == 0 ? 0.0 : (double) accepted / n, heapPerMonitor, rssKb / 1024, load);
        }

        private static long percentile(long[] sorted, int p) {
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))];
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    // utime and stime of /proc/self/stat, in clock ticks
    private static long[] userSystemTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    private static String loadAverage() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + "/" + parts[1] + "/" + parts[2];
    }
}
