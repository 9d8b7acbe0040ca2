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
 * The meters of one monitor, registered together when it is added and removed together when it goes. Only the
 * metrics' one subscription calls it, one event at a time.
 */
final class MonitorMeters {

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

    /** Returns the meters of the monitor {@code name}, registered in {@code meters}. */
    // the wall clock: a scrape asks how long is left now, whatever the monitors' scheduler
    static double certificateLeft(HealthMonitor monitor) {
        Instant expiry = monitor.state().alerts().certificateExpiry();
        return expiry == null ? Double.NaN : Duration.between(Instant.now(), expiry).toMillis() / 1e3;
    }

    static MonitorMeters register(MeterRegistry meters, MonitorRegistry monitors, String name,
            boolean latencyHistogram) {
        Map<Outcome.Kind, Counter> checks = new EnumMap<>(Outcome.Kind.class);
        List<Meter> fixed = new ArrayList<>();
        // passes are counted from the start; fails and errors from the first one, so that a fleet that passes has
        // one series of checks a monitor, not three
        checks.put(Outcome.Kind.PASS, counter(meters, name, Outcome.Kind.PASS));
        Timer latency = null;
        if (latencyHistogram) {
            latency = Timer.builder("healthmon.check.latency")
                    .description("Latency of the checks that reached the target")
                    .tag(TAG, name)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(meters);
            fixed.add(latency);
        }
        fixed.add(gauge(meters, monitors, "healthmon.monitor.consecutive.failures", name, "Failures in a row", null,
                m -> m.state().consecutiveFailures()));
        fixed.add(gauge(meters, monitors, "healthmon.monitor.latency", name, "Latency of the last check", "seconds",
                m -> m.latency().toNanos() / 1e9));
        fixed.add(gauge(meters, monitors, "healthmon.monitor.uptime", name, "Time since the monitor started",
                "seconds", m -> m.uptime().toMillis() / 1e3));
        // only a target that speaks TLS has a certificate: no series of NaN for the others, so the scrape stays small
        if (monitors.get(name).map(m -> "https".equalsIgnoreCase(m.url().getScheme())).orElse(false)) {
            fixed.add(gauge(meters, monitors, "healthmon.certificate.expiry", name,
                    "Time left until the earliest certificate of the target's chain expires", "seconds",
                    MonitorMeters::certificateLeft));
        }
        HealthStatus now = monitors.get(name).map(HealthMonitor::status).orElse(HealthStatus.UNKNOWN);
        return new MonitorMeters(meters, monitors, name, checks, latency, List.copyOf(fixed), now);
    }

    /** Counts a check, and records its latency when there is a histogram. */
    void checked(MonitorEvent.Checked checked) {
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
    void status(HealthStatus next) {
        if (next == statusShown) {
            return;
        }
        meters.remove(status);
        statusShown = next;
        status = statusGauge(next);
    }

    /** Removes every meter of the monitor. */
    void remove() {
        meters.remove(status);
        fixed.forEach(meters::remove);
        checks.values().forEach(meters::remove);
    }

    private static Counter counter(MeterRegistry meters, String name, Outcome.Kind kind) {
        return Counter.builder("healthmon.checks")
                .description("Checks by outcome")
                .tags(TAG, name, "outcome", kind.toString())
                .register(meters);
    }

    private Gauge statusGauge(HealthStatus shown) {
        return gauge(meters, monitors, "healthmon.monitor.status", name,
                "1 for the status the monitor is in (one series a monitor, labelled with it)", null,
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
