package dev.healthmon.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.healthmon.app.HealthmonApplication;
import dev.healthmon.app.MonitorFactory;
import dev.healthmon.core.model.Durations;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.probe.Probes;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.core.schedule.Monitors;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.Disposable;

/**
 * {@code healthmon bench hostile}: the service as a user runs it with N monitors of {@link HostileTargets}, in
 * every mode (HTTP kept alive and a connection per check, TCP, H2C, and HTTPS against a stalled handshake), with
 * timeouts from 1 s to 2 s and intervals 500 ms longer. It prints how far checks overran their timeout (the most,
 * and how many by more than {@value OverrunRecorder#LIMIT_MILLIS} ms, of how many), and whether connections were
 * left behind: the targets' open connections and the process's file descriptors, before, during and after.
 *
 * <p>As in {@link EngineBench}, only the monitor factory differs from the service's: each probe is timed by an
 * {@link OverrunRecorder}. The targets run in this process, on an event loop of their own.
 */
final class HostileBench {

    static final String USAGE = "usage: healthmon bench hostile [--monitors 5000] [--duration 30s]";

    private static final List<String> MODES = List.of("http", "http-new", "tcp", "h2c");
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private final int monitors;
    private final Duration duration;
    private final OverrunRecorder recorder = new OverrunRecorder();
    private final Map<String, String> groups = new HashMap<>();

    HostileBench(int monitors, Duration duration) {
        if (monitors < 1) {
            throw new InvalidConfigException("bench.monitors", monitors + " (expected: >= 1)");
        }
        this.monitors = monitors;
        this.duration = duration;
    }

    static int run(List<String> args, PrintStream out) throws IOException {
        HostileBench bench;
        try {
            bench = parse(args);
        }
        catch (InvalidConfigException e) {
            System.err.println("healthmon bench hostile: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        bench.run().report().print(out);
        return 0;
    }

    static HostileBench parse(List<String> args) {
        int monitors = 5000;
        Duration duration = Duration.ofSeconds(30);
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (i + 1 >= args.size()) {
                throw new InvalidConfigException("bench", "option '" + name + "' needs a value");
            }
            String value = args.get(++i);
            try {
                switch (name) {
                    case "--monitors" -> monitors = Integer.parseInt(value.replace("_", "").replace(",", ""));
                    case "--duration" -> duration = Durations.parse(value);
                    default -> throw new InvalidConfigException("bench", "unknown option '" + name + "'");
                }
            }
            catch (NumberFormatException e) {
                throw new InvalidConfigException("bench." + name.substring(2), "'" + value + "' is not a number");
            }
        }
        return new HostileBench(monitors, duration);
    }

    /** Runs the service against the hostile targets for the duration, stops it, and returns the figures. */
    Result run() throws IOException {
        Path dir = Files.createTempDirectory("healthmon-hostile");
        String loadBefore = Report.loadAverage();
        try (HostileTargets targets = HostileTargets.start()) {
            Path config = dir.resolve("hostile.yml");
            Files.writeString(config, serviceYaml(dir, targets));
            long fdsBefore = openFiles();
            long fdsMiddle;
            long fdsEnd;
            int openMiddle;
            int openEnd;
            Map<String, Integer> openEndByKind;
            long[] schedulerLate;
            long[] threadLate;
            GcPauses pauses = GcPauses.start(OverrunRecorder.LIMIT_MILLIS);
            try (pauses; ConfigurableApplicationContext ignored = start(config);
                    Canary canary = Canary.start(MonitorOptions.defaults().scheduler())) {
                EngineBench.sleep(duration.dividedBy(2));
                fdsMiddle = openFiles();
                openMiddle = targets.open();
                EngineBench.sleep(duration.minus(duration.dividedBy(2)));
                fdsEnd = openFiles();
                openEnd = targets.open();
                openEndByKind = targets.openByKind();
                recorder.stop();
                schedulerLate = canary.schedulerLateness();
                threadLate = canary.threadLateness();
            }
            // the service is closed: every connection it opened must close, at the targets' side too
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (targets.open() > 0 && System.nanoTime() < deadline) {
                EngineBench.sleep(Duration.ofMillis(100));
            }
            return new Result(monitors, duration, recorder.completed(), recorder.over(), recorder.maxOverrun(),
                    recorder.timedOut(), recorder.timedOutOverrunMillis(50), recorder.timedOutOverrunMillis(99),
                    pauses.count(), pauses.maxMillis(), pauses.overLimit(), pauses.totalMillis(),
                    recorder.maxOverrunByGroup(), targets.accepted(), targets.maxOpen(), openMiddle, openEnd,
                    openEndByKind, targets.open(), targets.openByKind(), fdsBefore, fdsMiddle, fdsEnd, openFiles(),
                    schedulerLate[0], schedulerLate[1], threadLate[0], threadLate[1], loadBefore, Report.loadAverage());
        }
        finally {
            EngineBench.deleteQuietly(dir);
        }
    }

    private ConfigurableApplicationContext start(Path config) {
        SpringApplication app = new SpringApplication(HealthmonApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.addInitializers(context -> context.getBeanFactory()
                .addBeanPostProcessor(new Wiring(context.getBeanFactory(), recorder, groups)));
        // only the jar's own settings and the generated file: ./config/application.yml stays out
        return app.run("--spring.config.location=classpath:/application.yml,file:" + config.toAbsolutePath());
    }

    // monitor i checks target kind i % kinds, in mode (i / kinds) % modes, with a timeout of 1 s to 2 s
    private String serviceYaml(Path dir, HostileTargets targets) {
        HostileTargets.Kind[] kinds = HostileTargets.Kind.values();
        StringBuilder yaml = new StringBuilder();
        yaml.append("server: { address: 127.0.0.1, port: 0 }\n");
        yaml.append("logging:\n  file: { name: \"").append(dir.resolve("service.log")).append("\" }\n");
        yaml.append("  console: { enabled: false }\n");
        yaml.append("  level: { root: WARN }\n");
        yaml.append("healthmon:\n");
        yaml.append("  history: { enabled: true, url: \"jdbc:sqlite:").append(dir.resolve("history.db"))
                .append("\" }\n");
        yaml.append("  monitors:\n");
        int digits = Integer.toString(monitors).length();
        for (int i = 0; i < monitors; i++) {
            HostileTargets.Kind kind = kinds[i % kinds.length];
            String mode = kind == HostileTargets.Kind.TLS_STALL ? "https"
                    : MODES.get(i / kinds.length % MODES.size());
            Duration timeout = Duration.ofMillis(1000 + 250 * (i / (kinds.length * MODES.size()) % 5));
            String name = "m" + String.format("%0" + digits + "d", i);
            groups.put(name, kind.label() + "/" + mode);
            String scheme = mode.equals("http-new") ? "http" : mode;
            yaml.append("    - { name: ").append(name)
                    .append(", url: \"").append(scheme).append("://127.0.0.1:").append(targets.port(kind))
                    .append("\", interval: ").append(Durations.format(timeout.plusMillis(500)))
                    .append(", timeout: ").append(Durations.format(timeout))
                    .append(mode.equals("tcp") ? "" : ", path: /health")
                    .append(mode.equals("http-new") ? ", reuseConnection: false" : "")
                    .append(" }\n");
        }
        return yaml.toString();
    }

    private static long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
        catch (IOException | RuntimeException e) {
            // not Linux: no figure
            return -1;
        }
    }

    /**
     * The figures of one run.
     *
     * @param checks checks timed: ended, or still running past their timeout when the figures were taken
     * @param overLimit checks that overran their timeout by more than {@value OverrunRecorder#LIMIT_MILLIS} ms
     * @param maxOverrunMillis the largest overrun (negative: every check ended before its timeout)
     * @param timedOut checks that reached their timeout (ended at it or after it)
     * @param timedOutP50 how long after their timeout those ended, median, in ms
     * @param timedOutP99 the same, 99th percentile
     * @param gcPauses the collector's pauses while the service ran (start and stop included)
     * @param gcMaxPauseMillis the longest
     * @param gcPausesOverLimit how many were longer than {@value OverrunRecorder#LIMIT_MILLIS} ms
     * @param gcPauseMillis their sum
     * @param maxOverrunByGroup the same per target kind and mode
     * @param accepted connections the targets accepted
     * @param maxOpen the most connections the targets held open at once
     * @param openMiddle the targets' open connections half way
     * @param openEnd the same at the end, the service still running
     * @param openEndByKind the same by target kind
     * @param openAfter the same once the service stopped
     * @param fdsBefore the process's open files with the targets up, before the service
     * @param fdsMiddle the same half way
     * @param fdsEnd the same at the end
     * @param fdsAfter the same once the service stopped
     * @param openAfterByKind the targets' open connections once the service stopped, by kind, where any
     * @param schedulerLateMillis the control: how late, at most, a timer on the monitors' scheduler fired
     * @param schedulerLateOverLimit how many times it was late by more than 100 ms
     * @param threadLateMillis the control: how late, at most, a thread of its own woke
     * @param threadLateOverLimit how many times it was late by more than 100 ms
     */
    record Result(int monitors, Duration duration, long checks, long overLimit, long maxOverrunMillis,
            long timedOut, double timedOutP50, double timedOutP99, long gcPauses, long gcMaxPauseMillis,
            long gcPausesOverLimit, long gcPauseMillis, Map<String, Long> maxOverrunByGroup, long accepted,
            long maxOpen, int openMiddle, int openEnd, Map<String, Integer> openEndByKind, int openAfter,
            Map<String, Integer> openAfterByKind, long fdsBefore, long fdsMiddle, long fdsEnd, long fdsAfter,
            long schedulerLateMillis, long schedulerLateOverLimit, long threadLateMillis, long threadLateOverLimit,
            String loadBefore, String loadAfter) {

        Report report() {
            Report report = new Report()
                    .put("monitors", "monitors", monitors)
                    .put("duration_s", "run (s)", duration.toSeconds())
                    .put("checks", "checks timed", checks)
                    .put("max_overrun_ms", "max overrun of the timeout (ms)", maxOverrunMillis)
                    .put("over_100ms", "checks over their timeout by > 100 ms", overLimit)
                    .put("timed_out", "checks that reached their timeout", timedOut)
                    .put("timed_out_overrun_p50_ms", "  ended after it by, p50 (ms)", timedOutP50)
                    .put("timed_out_overrun_p99_ms", "  ended after it by, p99 (ms)", timedOutP99)
                    .put("gc_pauses", "collector pauses while the service ran", gcPauses)
                    .put("gc_pause_max_ms", "  longest (ms)", gcMaxPauseMillis)
                    .put("gc_pauses_over_100ms", "  longer than 100 ms", gcPausesOverLimit)
                    .put("gc_pause_total_ms", "  in all (ms)", gcPauseMillis)
                    .put("target_accepted", "connections accepted by the targets", accepted)
                    .put("target_open_max", "most open at the targets at once", maxOpen)
                    .put("target_open_middle", "open at the targets half way", openMiddle)
                    .put("target_open_end", "open at the targets at the end", openEnd)
                    .put("target_open_after", "open at the targets after the service stopped", openAfter)
                    .put("fds_before", "open files before the service", fdsBefore)
                    .put("fds_middle", "open files half way", fdsMiddle)
                    .put("fds_end", "open files at the end", fdsEnd)
                    .put("fds_after", "open files after the service stopped", fdsAfter)
                    .put("control_scheduler_late_max_ms", "control: a timer on the monitors' scheduler, max late (ms)",
                            schedulerLateMillis)
                    .put("control_scheduler_late_over_100ms", "control: the same, times late by > 100 ms",
                            schedulerLateOverLimit)
                    .put("control_thread_late_max_ms", "control: a thread of its own, max late (ms)",
                            threadLateMillis)
                    .put("control_thread_late_over_100ms", "control: the same, times late by > 100 ms",
                            threadLateOverLimit);
            openEndByKind.forEach((kind, open) -> report.put("target_open_end." + kind,
                    "  open at the end at " + kind, open));
            openAfterByKind.forEach((kind, open) -> report.put("target_open_after." + kind,
                    "  open after the service stopped at " + kind, open));
            maxOverrunByGroup.forEach((group, overrun) -> report.put("max_overrun_ms." + group,
                    "  max overrun " + group + " (ms)", overrun));
            report.put("loadavg_before", "load average before", loadBefore);
            report.put("loadavg_after", "load average after", loadAfter);
            report.put("cores", Runtime.getRuntime().availableProcessors());
            report.put("java", System.getProperty("java.version"));
            return report;
        }
    }

    /** Swaps the service's monitor factory for the timed one, and follows every check's result. */
    private static final class Wiring implements BeanPostProcessor {

        private final ConfigurableListableBeanFactory beans;
        private final OverrunRecorder recorder;
        private final Map<String, String> groups;
        private final MonitorOptions options = MonitorOptions.defaults().spreadStart();

        Wiring(ConfigurableListableBeanFactory beans, OverrunRecorder recorder, Map<String, String> groups) {
            this.beans = beans;
            this.recorder = recorder;
            this.groups = groups;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (bean instanceof MonitorRegistry registry) {
                // its every-event stream carries each check's result, and the time it ended
                Disposable ignored = registry.events().subscribe(recorder::observed);
            }
            if (bean instanceof MonitorFactory) {
                Probes probes = beans.getBean(Probes.class);
                // what MonitorFactory.probing does (Monitors.newMonitor), with the probe timed
                return (MonitorFactory) spec -> Monitors.of(spec.name(), spec.config(), spec.target().url(),
                        recorder.wrap(spec.name(), groups.getOrDefault(spec.name(), "other"),
                                spec.config().timeout(), probes.probeFor(spec.name(), spec.target(), spec.config())),
                        options);
            }
            return bean;
        }
    }
}
