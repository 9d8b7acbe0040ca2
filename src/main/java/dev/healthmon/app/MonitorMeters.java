package dev.healthmon.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Outcome;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one monitor, registered together when it is added and removed together when it goes: how a
 * monitor's metrics reach a registry that is not Prometheus's, where {@link MonitorCollector} cannot make them at
 * scrape time. Only the metrics' one subscription calls it, one event at a time.
 */
final class MonitorMeters implements MonitorMetrics.PerMonitor {

    static final String STATUS_HELP = "1 for the status the monitor is in (one series a monitor, labelled with it)";
    static final String FAILURES_HELP = "Failures in a row";
    static final String LATENCY_HELP = "Latency of the last check";
    static final String UPTIME_HELP = "Time since the monitor started";
    static final String CERTIFICATE_HELP = "Time left until the earliest certificate of the target's chain expires";
    static final String CHECKS_HELP = "Checks by outcome";

    private static final String TAG = "monitor";

    private final MeterRegistry meters;
    private final MonitorRegistry monitors;
    private final String name;
    private final Map<Outcome.Kind, Counter> checks;
    private final @Nullable Timer latency;
    private final List<Meter> fixed;
    private Gauge status;
    private HealthStatus statusShown;

    private MonitorMeters(MeterRegistry meters, MonitorRegistry monitors, String name, Map<Outcome.Kind, Counter> checks,
            @Nullable Timer latency, List<Meter> fixed, HealthStatus statusShown) {
        this.meters = meters;
        this.monitors = monitors;
        this.name = name;
        this.checks = checks;
        this.latency = latency;
        this.fixed = fixed;
        this.statusShown = statusShown;
        this.status = statusGauge(statusShown);
    }

    /** Returns the seconds left until the earliest certificate {@code monitor}'s checks saw expires, or NaN. */
    // the wall clock: a scrape asks how long is left now, whatever the monitors' scheduler
    static double certificateLeft(HealthMonitor monitor) {
        Instant expiry = monitor.state().alerts().certificateExpiry();
        return expiry == null ? Double.NaN : Duration.between(Instant.now(), expiry).toMillis() / 1e3;
    }

    /** Returns the meters of the monitor {@code name}, registered in {@code meters}. */
    static MonitorMeters register(MeterRegistry meters, MonitorRegistry monitors, String name,
            boolean latencyHistogram) {
        Map<Outcome.Kind, Counter> checks = new EnumMap<>(Outcome.Kind.class);
        List<Meter> fixed = new ArrayList<>();
        // passes are counted from the start; fails and errors from the first one, so that a fleet that passes has
        // one series of checks a monitor, not three
        checks.put(Outcome.Kind.PASS, counter(meters, name, Outcome.Kind.PASS));
        Timer latency = null;
        if (latencyHistogram) {
            latency = latencyHistogram(meters, name);
            fixed.add(latency);
        }
        fixed.add(gauge(meters, monitors, "healthmon.monitor.consecutive.failures", name, FAILURES_HELP, null,
                m -> m.state().consecutiveFailures()));
        fixed.add(gauge(meters, monitors, "healthmon.monitor.latency", name, LATENCY_HELP, "seconds",
                m -> m.latency().toNanos() / 1e9));
        fixed.add(gauge(meters, monitors, "healthmon.monitor.uptime", name, UPTIME_HELP, "seconds",
                m -> m.uptime().toMillis() / 1e3));
        if (speaksTls(monitors, name)) {
            fixed.add(gauge(meters, monitors, "healthmon.certificate.expiry", name, CERTIFICATE_HELP, "seconds",
                    MonitorMeters::certificateLeft));
        }
        HealthStatus now = monitors.get(name).map(HealthMonitor::status).orElse(HealthStatus.UNKNOWN);
        return new MonitorMeters(meters, monitors, name, checks, latency, List.copyOf(fixed), now);
    }

    /** Returns the latency histogram of the monitor {@code name}, registered in {@code meters}. */
    static Timer latencyHistogram(MeterRegistry meters, String name) {
        return Timer.builder("healthmon.check.latency")
                .description("Latency of the checks that reached the target")
                .tag(TAG, name)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
    }

    /**
     * Returns whether the monitor {@code name} has a certificate series: only a target that speaks TLS has a
     * certificate, and no series of NaN for the others keeps the scrape small.
     */
    static boolean speaksTls(MonitorRegistry monitors, String name) {
        return monitors.get(name).map(m -> "https".equalsIgnoreCase(m.url().getScheme())).orElse(false);
    }

    /** Counts a check, and records its latency when there is a histogram. */
    @Override
    public void checked(MonitorEvent.Checked checked) {
        Counter counter = checks.get(checked.outcome());
        if (counter == null) {
            // the monitor's first check with this outcome: built once, kept until the monitor goes
            counter = counter(meters, name, checked.outcome());
            checks.put(checked.outcome(), counter);
        }
        counter.increment();
        Timer timer = latency;
        if (timer != null) {
            timer.record(checked.latency());
        }
    }

    /** Moves the status series to {@code next}: one series a monitor, labelled with the status it is in. */
    @Override
    public void status(HealthStatus next) {
        if (next == statusShown) {
            return;
        }
        meters.remove(status);
        statusShown = next;
        status = statusGauge(next);
    }

    /** Removes every meter of the monitor. */
    @Override
    public void remove() {
        meters.remove(status);
        fixed.forEach(meters::remove);
        checks.values().forEach(meters::remove);
    }

    private static Counter counter(MeterRegistry meters, String name, Outcome.Kind kind) {
        return Counter.builder("healthmon.checks")
                .description(CHECKS_HELP)
                .tags(TAG, name, "outcome", kind.toString())
                .register(meters);
    }

    private Gauge statusGauge(HealthStatus shown) {
        return gauge(meters, monitors, "healthmon.monitor.status", name, STATUS_HELP, null,
                m -> m.status() == shown ? 1 : 0, "status", shown.toString());
    }

    private static Gauge gauge(MeterRegistry meters, MonitorRegistry monitors, String meter, String name,
            String description, @Nullable String unit, ToDoubleFunction<HealthMonitor> value, String... tags) {
        return Gauge.builder(meter, monitors, registry -> value(registry, name, value))
                .description(description)
                .baseUnit(unit)
                .tag(TAG, name)
                .tags(tags)
                .strongReference(true)
                .register(meters);
    }

    private static double value(MonitorRegistry registry, String name, ToDoubleFunction<HealthMonitor> value) {
        Optional<HealthMonitor> monitor = registry.get(name);
        return monitor.isPresent() ? value.applyAsDouble(monitor.get()) : Double.NaN;
    }
}
