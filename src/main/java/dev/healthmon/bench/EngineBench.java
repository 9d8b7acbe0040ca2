package dev.healthmon.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import com.sun.management.GcInfo;
import dev.healthmon.app.HealthmonApplication;
import dev.healthmon.app.MonitorFactory;
import dev.healthmon.core.model.Durations;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorSettings;
import dev.healthmon.core.probe.Probes;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.core.schedule.Monitors;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.Disposable;

/**
 * {@code healthmon bench}: the service as a user runs it (its Spring application, config binding, registry,
 * pipelines, reducer, probes, metrics, SSE hub and web layer, notifications and the history store) with N
 * monitors against targets on loopback, and the figures of DESIGN section 14.
 *
 * <p>Two things differ from {@code java -jar healthmon.jar}, both outside the engine: the monitors get the
 * default scheduler wrapped in a {@link TickScheduler}, which remembers when each tick was due, and each probe is
 * wrapped by a {@link CheckRecorder}, which compares the start of a check with its tick and counts results. The
 * config comes from a generated file instead of {@code ./config/application.yml}, and the service listens on
 * 127.0.0.1 on a free port.
 */
final class EngineBench {

    private static final Duration SSE_CONNECT = Duration.ofSeconds(120);
    // the history store's writer (its write scheduler) and its pool's housekeeping: what the store costs off the
    // checks' threads
    private static final String STORE_THREADS = "healthmon-store";

    private final BenchOptions options;
    private final PrintStream out;
    private final CheckRecorder recorder = new CheckRecorder();

    private EngineBench(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    static int run(List<String> args, PrintStream out) throws IOException {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        }
        catch (InvalidConfigException e) {
            System.err.println("healthmon bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            return 2;
        }
        return new EngineBench(options, out).run();
    }

    private int run() throws IOException {
        Path dir = Files.createTempDirectory("healthmon-bench");
        String loadBefore = Report.loadAverage();
        boolean reuseSetting = knowsSetting("reuseConnection");
        String storeUrl = options.storeUrl() != null ? options.storeUrl()
                : "jdbc:sqlite:" + dir.resolve("history.db");
        out.printf("healthmon bench: %d monitors every %s, mode %s, store %s, %s%n", options.monitors(),
                Durations.format(options.interval()), options.mode(), options.store() ? storeUrl : "off",
                options.targets() == null ? "own target" : "targets of " + options.targets());
        TargetProcesses own = null;
        try {
            List<String> endpoints;
            if (options.targets() == null) {
                own = TargetProcesses.start(options.ports(), options.flip(), options.flipTo(),
                        options.mode().equals("h2c"));
                endpoints = own.ports().stream().map(port -> "127.0.0.1:" + port).toList();
            }
            else {
                endpoints = readTargets(options.targets());
            }
            long baseHeap = baseline(dir, storeUrl);
            return measure(dir, storeUrl, endpoints, own, reuseSetting, loadBefore, baseHeap);
        }
        finally {
            if (own != null) {
                own.close();
            }
            deleteQuietly(dir);
        }
    }

    // the heap of the service with no monitors, after a full GC: what the per-monitor figure is counted above
    private long baseline(Path dir, String storeUrl) throws IOException {
        Path config = dir.resolve("baseline.yml");
        Files.writeString(config, serviceYaml(dir, storeUrl, List.of(), false));
        try (ConfigurableApplicationContext ignored = start(config, null)) {
            return heapAfterGc();
        }
    }

    private int measure(Path dir, String storeUrl, List<String> endpoints, @Nullable TargetProcesses own,
            boolean reuseSetting, String loadBefore, long baseHeap) throws IOException {
        Path config = dir.resolve("bench.yml");
        Files.writeString(config, serviceYaml(dir, storeUrl, endpoints, reuseSetting));
        SseClients sse = options.sse() > 0 ? new SseClients() : null;
        long startedAt = System.nanoTime();
        ScheduledExecutorService flipper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bench-flips");
            thread.setDaemon(true);
            return thread;
        });
        try (ConfigurableApplicationContext service = start(config, sse)) {
            double startSeconds = (System.nanoTime() - startedAt) / 1e9;
            int port = ((WebServerApplicationContext) service).getWebServer().getPort();
            if (sse != null) {
                sse.connect(port, options.sse(), SSE_CONNECT);
            }
            if (own != null && options.flip() > 0) {
                long every = options.flipEvery().toMillis();
                flipper.scheduleAtFixedRate(own::flip, every, every, TimeUnit.MILLISECONDS);
            }
            sleep(options.warmup());
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = cpuNanos(os);
            long[] splitBefore = Report.cpuMicros("self");
            long[] jvmBefore = Report.jvmThreadCpuMicros();
            Map<Long, Long> allocatedBefore = Report.allocatedBytes();
            long storeBefore = threadCpuNanos(STORE_THREADS);
            long[] targetBefore = own == null ? null : own.stats();
            CheckRecorder.Counts before = recorder.restart();
            if (sse != null) {
                sse.record();
            }
            long windowStart = System.nanoTime();
            Recording profile = profile();
            sleep(options.duration());
            stopProfile(profile);
            CheckRecorder.Counts window = recorder.counts().minus(before);
            Histogram lateness = recorder.endWindow();
            double seconds = (System.nanoTime() - windowStart) / 1e9;
            long cpu = cpuNanos(os) - cpuBefore;
            long[] splitAfter = Report.cpuMicros("self");
            long[] jvmAfter = Report.jvmThreadCpuMicros();
            long allocated = Report.allocatedBetween(allocatedBefore, Report.allocatedBytes());
            long storeCpu = threadCpuNanos(STORE_THREADS) - storeBefore;
            Histogram delays = sse == null ? null : sse.delays();
            long[] targetAfter = own == null ? null : own.stats();
            long rss = Report.rssBytes();
            String loadAfter = Report.loadAverage();
            flipper.shutdownNow();
            if (sse != null) {
                // before the service stops: its event loops are the clients' too
                sse.dispose();
            }
            long heap = heapAfterGc();
            Report report = report(window, seconds, cpu, lateness, delays, targetBefore, targetAfter, rss, heap,
                    baseHeap, reuseSetting, startSeconds, own, sse, splitBefore, splitAfter);
            jvmThreads(report, jvmBefore, jvmAfter, window.completed(), cpu);
            // what the collector's share follows, and a figure that does not move with the machine's load
            report.put("allocated_bytes_per_check", "heap allocated per check (bytes, all threads)",
                    allocated >= 0 && window.completed() > 0 ? Math.round((double) allocated / window.completed())
                            : null);
            report.put("store_thread_cpu_us_per_check", "history store's own threads, CPU per check (us)",
                    options.store() && window.completed() > 0 ? Report.round(storeCpu / 1e3 / window.completed(), 2)
                            : null);
            report.put("loadavg_before", "load average before", loadBefore);
            report.put("loadavg_after", "load average after", loadAfter);
            report.print(out);
            return 0;
        }
        finally {
            flipper.shutdownNow();
        }
    }

    private Report report(CheckRecorder.Counts window, double seconds, long cpuNanos, Histogram lateness,
            @Nullable Histogram delays, long @Nullable [] targetBefore, long @Nullable [] targetAfter, long rss,
            long heap, long baseHeap, boolean reuseSetting, double startSeconds, @Nullable TargetProcesses own,
            @Nullable SseClients sse, long @Nullable [] splitBefore, long @Nullable [] splitAfter) {
        double scheduled = options.scheduledPerSecond() * seconds;
        long completed = window.completed();
        long ticked = window.started() - window.unscheduled();
        Report report = new Report()
                .put("mode", "mode", options.mode()
                        + (options.mode().equals("http-new") && !reuseSetting ? " (no reuseConnection setting: "
                        + "what the engine does)" : ""))
                .put("monitors", "monitors", options.monitors())
                .put("interval_ms", "interval (ms)", options.interval().toMillis())
                .put("timeout", "timeout", options.timeout() == null ? "service default"
                        : Durations.format(options.timeout()))
                .put("window_s", "measured over (s)", Report.round(seconds, 1))
                .put("store", "history store", options.store() ? "on" : "off")
                .put("flip", "flipped share", options.flip())
                .put("checks_per_s", "checks/s completed", Report.round(completed / seconds, 1))
                .put("scheduled_per_s", "checks/s scheduled", Report.round(options.scheduledPerSecond(), 1))
                .put("checks_ratio", "completed / scheduled", Report.round(completed / scheduled, 3))
                // of the checks due: those scheduled in the window, or those its ticks started when more (a tick
                // due just before the window starts its check in it), so that a missed tick counts as late and the
                // share never passes 1 (it read 1.0004 over scheduled alone)
                .put("on_time_share", "started within 100 ms of tick",
                        Report.round(window.onTime() / Math.max(scheduled, ticked), 4))
                .put("lateness_p50_ms", "lateness p50 (ms)", Report.round(lateness.percentileMicros(50) / 1e3, 2))
                .put("lateness_p99_ms", "lateness p99 (ms)", Report.round(lateness.percentileMicros(99) / 1e3, 2))
                .put("lateness_max_ms", "lateness max (ms)", Report.round(lateness.maxMicros() / 1e3, 2))
                .put("ticked", "checks started by a tick", ticked)
                .put("lateness_samples", "  of them timed for lateness", lateness.count())
                .put("cpu_us_per_check", "process CPU per check (us)",
                        completed == 0 ? null : Report.round(cpuNanos / 1e3 / completed, 1))
                .put("cpu_cores_used", "process CPU (cores)", Report.round(cpuNanos / 1e9 / seconds, 2));
        split(report, splitBefore, splitAfter, completed);
        report
                .put("rss_mb", "RSS (MB)", Report.round(rss / 1048576.0, 1))
                .put("heap_mb_after_gc", "heap after full GC (MB)", Report.round(heap / 1048576.0, 1))
                .put("heap_kb_per_monitor", "heap per monitor (KB)",
                        Report.round((heap - baseHeap) / 1024.0 / options.monitors(), 2));
        if (targetBefore != null && targetAfter != null && own != null) {
            long accepted = targetAfter[0] - targetBefore[0];
            long requests = targetAfter[1] - targetBefore[1];
            report.put("new_connections_per_check", "new connections per check",
                    completed == 0 ? null : Report.round((double) accepted / completed, 3));
            report.put("target_requests_per_s", "requests/s at the target", Report.round(requests / seconds, 1));
            report.put("target_cpu_us_per_check", "target CPU per check (us, not counted above)",
                    completed == 0 || targetBefore[2] < 0 ? null
                            : Report.round((targetAfter[2] - targetBefore[2]) / (double) completed, 1));
            report.put("target_processes", own.processes());
        }
        else {
            report.put("new_connections_per_check", "new connections per check", null);
        }
        report.put("failed_checks", "failed checks", window.failed());
        report.put("unfinished_checks", "checks started, not finished (timeouts)",
                Math.max(0, ticked - completed));
        if (sse != null && delays != null) {
            report.put("sse_clients", "SSE clients", options.sse());
            report.put("sse_snapshots", sse.snapshots());
            report.put("sse_events", "status events received", delays.count());
            report.put("sse_delay_p50_ms", "status change to client p50 (ms)",
                    Report.round(delays.percentileMicros(50) / 1e3, 2));
            report.put("sse_delay_p99_ms", "status change to client p99 (ms)",
                    Report.round(delays.percentileMicros(99) / 1e3, 2));
        }
        report.put("service_start_s", "service start (s)", Report.round(startSeconds, 1));
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1048576);
        report.put("java", System.getProperty("java.version"));
        return report;
    }

    private ConfigurableApplicationContext start(Path config, @Nullable SseClients sse) {
        SpringApplication app = new SpringApplication(HealthmonApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.addInitializers(context -> context.getBeanFactory()
                .addBeanPostProcessor(new Wiring(context.getBeanFactory(), recorder, sse)));
        // only the jar's own settings and the generated file: ./config/application.yml stays out
        return app.run("--spring.config.location=classpath:/application.yml,file:" + config.toAbsolutePath());
    }

    private String serviceYaml(Path dir, String storeUrl, List<String> endpoints, boolean reuseSetting) {
        String scheme = switch (options.mode()) {
            case "tcp" -> "tcp";
            case "h2c" -> "h2c";
            default -> "http";
        };
        StringBuilder yaml = new StringBuilder();
        yaml.append("server: { address: 127.0.0.1, port: 0 }\n");
        yaml.append("logging:\n  file: { name: \"").append(dir.resolve("service.log")).append("\" }\n");
        // the service's log goes to the file, so that the figures are what is printed
        yaml.append("  console: { enabled: false }\n");
        yaml.append("  level: { root: WARN }\n");
        yaml.append("healthmon:\n");
        yaml.append("  history: { enabled: ").append(options.store()).append(", url: \"").append(storeUrl)
                .append("\" }\n");
        yaml.append("  defaults: { interval: ").append(Durations.format(options.interval()))
                .append(options.timeout() == null ? "" : ", timeout: " + Durations.format(options.timeout()))
                .append(scheme.equals("tcp") ? "" : ", path: /health")
                .append(options.mode().equals("http-new") && reuseSetting ? ", reuseConnection: false" : "")
                .append(" }\n");
        yaml.append("  monitors:").append(endpoints.isEmpty() ? " []\n" : "\n");
        int digits = Integer.toString(options.monitors()).length();
        for (int i = 0; i < (endpoints.isEmpty() ? 0 : options.monitors()); i++) {
            yaml.append("    - { name: m").append(String.format("%0" + digits + "d", i)).append(", url: \"")
                    .append(scheme).append("://").append(endpoints.get(i % endpoints.size())).append("\" }\n");
        }
        return yaml.toString();
    }

    private static List<String> readTargets(Path file) throws IOException {
        List<String> endpoints = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            if (parts.length != 2) {
                throw new InvalidConfigException("bench.targets", "line '" + line + "' of " + file
                        + " (expected: host port)");
            }
            endpoints.add(parts[0] + ":" + Integer.parseInt(parts[1]));
        }
        if (endpoints.isEmpty()) {
            throw new InvalidConfigException("bench.targets", file + " has no 'host port' line");
        }
        return endpoints;
    }

    private static boolean knowsSetting(String key) {
        try {
            MonitorSettings.read(Map.of(key, false));
            return true;
        }
        catch (InvalidConfigException e) {
            return false;
        }
    }

    // -Dhealthmon.bench.jfr=FILE: a JFR recording (the JDK's "profile" settings) of the measured window alone,
    // where -XX:StartFlightRecording would need its delay guessed past the service's start and the warm-up
    private static @Nullable Recording profile() {
        String file = System.getProperty("healthmon.bench.jfr");
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setDestination(Path.of(file));
            recording.start();
            return recording;
        }
        catch (IOException | ParseException e) {
            System.err.println("healthmon bench: no profile: " + e);
            return null;
        }
    }

    private static void stopProfile(@Nullable Recording recording) {
        if (recording != null) {
            recording.stop();
            recording.close();
        }
    }

    // the process CPU split into user and kernel time: a stream check is mostly the kernel's (its connect and close on
    // loopback, the peer's side of the handshake included), a kept-alive HTTP check mostly the JVM's
    private static void split(Report report, long @Nullable [] before, long @Nullable [] after, long completed) {
        boolean known = before != null && after != null && completed > 0;
        report.put("cpu_user_us_per_check", "  of it in user space (us)",
                known ? Report.round((after[0] - before[0]) / (double) completed, 1) : null);
        report.put("cpu_sys_us_per_check", "  of it in the kernel (us)",
                known ? Report.round((after[1] - before[1]) / (double) completed, 1) : null);
    }

    // the JIT's and the collector's share of the process CPU: what of a run's spread is the JVM's own work (mostly
    // the collector's, 6 to 14 us a check between runs of one jar), and what the JIT has left of its warm-up
    private static void jvmThreads(Report report, long @Nullable [] before, long @Nullable [] after, long completed,
            long cpuNanos) {
        boolean known = before != null && after != null && completed > 0;
        report.put("cpu_jit_us_per_check", "  of it in the JIT compiler's threads (us)",
                known ? Report.round((after[0] - before[0]) / (double) completed, 1) : null);
        report.put("cpu_gc_us_per_check", "  of it in the garbage collector's threads (us)",
                known ? Report.round((after[1] - before[1]) / (double) completed, 1) : null);
        report.put("cpu_us_per_check_without_jit", "process CPU per check, the JIT's left out (us)",
                known && cpuNanos >= 0 ? Report.round((cpuNanos / 1e3 - (after[0] - before[0])) / completed, 1)
                        : null);
    }

    // the CPU time of the live threads whose names start with prefix: a thread that ended in the window is not in it
    private static long threadCpuNanos(String prefix) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static long cpuNanos(OperatingSystemMXBean os) {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    // what the heap's pools held when the last of the full GCs ended: the heap in use read afterwards also counted
    // what the running checks allocated since, which G1 counts by the region (1 MB each), some 7 MB at 2,000 monitors
    // one run in two (two runs, same build: 38 and 45 MB, where the class histograms' live heaps were 39.3 and 38.5)
    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            ManagementFactory.getMemoryMXBean().gc();
        }
        GcInfo full = lastFullGc();
        long used = full != null ? heapUsed(pool -> full.getMemoryUsageAfterGc().get(pool.getName()))
                : heapUsed(MemoryPoolMXBean::getCollectionUsage);
        return used > 0 ? used : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // The last full collection's own record, whose heap after it is the monitors'. Not the pools' collection usage:
    // that is each pool's after its last collection, and at 10,000 checks a second a young collection follows the
    // full one within milliseconds; its survivors, the checks in flight, then read as the monitors' heap (runs of one
    // jar spread from 8.3 to 9.1 KB a monitor). Null for a collector without a full collection of its own (ZGC,
    // Shenandoah): then the pools' collection usage is all there is.
    private static @Nullable GcInfo lastFullGc() {
        GcInfo last = null;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = collector.getName();
            boolean full = name.contains("Old") || name.contains("MarkSweep");
            if (full && collector instanceof com.sun.management.GarbageCollectorMXBean sun) {
                GcInfo info = sun.getLastGcInfo();
                if (info != null && (last == null || info.getEndTime() > last.getEndTime())) {
                    last = info;
                }
            }
        }
        return last;
    }

    // the bytes used in the heap's pools, as usage reads each
    private static long heapUsed(Function<MemoryPoolMXBean, @Nullable MemoryUsage> usage) {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage poolUsage = pool.getType() == MemoryType.HEAP ? usage.apply(pool) : null;
            if (poolUsage != null) {
                used += poolUsage.getUsed();
            }
        }
        return used;
    }

    // the benchmark's main thread waits here while the service runs; nothing else runs on it. Not a Mono.delay:
    // the window must not wait in the schedulers being measured (on a starved run of the parallel scheduler, a
    // 20 s window so lasted 244 s)
    static void sleep(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = until - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    /** Swaps the service's monitor factory for the measured one, and times status changes for the SSE clients. */
    private static final class Wiring implements BeanPostProcessor {

        private final ConfigurableListableBeanFactory beans;
        private final CheckRecorder recorder;
        private final @Nullable SseClients sse;
        // the service's options (ServiceConfiguration: defaults().spreadStart()) on the timed scheduler
        private final MonitorOptions options = new MonitorOptions(new TickScheduler(
                MonitorOptions.defaults().scheduler()), MonitorOptions.defaults().jitter()).spreadStart();

        Wiring(ConfigurableListableBeanFactory beans, CheckRecorder recorder, @Nullable SseClients sse) {
            this.beans = beans;
            this.recorder = recorder;
            this.sse = sse;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (bean instanceof MonitorRegistry registry && sse != null) {
                // the first subscriber of the registry's events, before the hub: its time is the change's
                Disposable ignored = registry.changes().subscribe(sse::emitted);
            }
            if (bean instanceof MonitorFactory) {
                Probes probes = beans.getBean(Probes.class);
                // what MonitorFactory.probing does (Monitors.newMonitor), with the probe measured
                return (MonitorFactory) spec -> Monitors.of(spec.name(), spec.config(), spec.target().url(),
                        recorder.wrap(probes.probeFor(spec.name(), spec.target(), spec.config())), options);
            }
            return bean;
        }
    }
}
