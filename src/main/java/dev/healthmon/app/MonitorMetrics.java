package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.web.EventHub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The metrics of DESIGN section 9, labelled by {@code monitor}: status (one gauge per status, 1 for the current
 * one), up, consecutive failures, last latency, a latency histogram, checks by outcome and uptime; plus the
 * number of SSE clients and how often one was resynchronised.
 *
 * <p>Prometheus names: {@code healthmon_monitor_status}, {@code healthmon_monitor_up},
 * {@code healthmon_monitor_consecutive_failures}, {@code healthmon_monitor_latency_seconds},
 * {@code healthmon_check_latency_seconds_bucket}, {@code healthmon_checks_total},
 * {@code healthmon_monitor_uptime_seconds}, {@code healthmon_certificate_expiry_seconds} (time left until the
 * earliest certificate of a TLS target's chain expires; NaN when none was seen), {@code healthmon_sse_clients},
 * {@code healthmon_sse_resyncs_total}.
 */
public final class MonitorMetrics {

    private static final String TAG = "monitor";

    private final MeterRegistry meters;
    private final MonitorRegistry monitors;

    /** Returns metrics of {@code monitors} and {@code hub} recorded in {@code meters}. */
    public MonitorMetrics(MeterRegistry meters, MonitorRegistry monitors, EventHub hub) {
        this.meters = requireNonNull(meters, "meters");
        this.monitors = requireNonNull(monitors, "monitors");
        Gauge.builder("healthmon.sse.clients", hub, EventHub::clientCount)
                .description("Connected SSE clients")
                .register(meters);
        FunctionCounter.builder("healthmon.sse.resyncs", hub, EventHub::resyncs)
                .description("Times a slow SSE client's backlog was replaced by a fresh snapshot")
                .register(meters);
    }

    /**
     * Returns the subscription that keeps the metrics up to date with {@code events} (the registry's events,
     * requested unbounded): meters appear when a monitor is added and go when it is removed.
     */
    public Disposable subscribeTo(Flux<MonitorEvent> events) {
        return events.subscribe(this::record);
    }

    private void record(MonitorEvent event) {
        if (event instanceof MonitorEvent.Checked checked) {
            Counter.builder("healthmon.checks")
                    .description("Checks by outcome")
                    .tags(TAG, checked.name(), "outcome", checked.outcome().toString())
                    .register(meters)
                    .increment();
            Timer.builder("healthmon.check.latency")
                    .description("Latency of the checks that reached the target")
                    .tag(TAG, checked.name())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(meters)
                    .record(checked.latency());
        }
        else if (event instanceof MonitorEvent.Lifecycle lifecycle) {
            switch (lifecycle.action()) {
                case ADDED -> register(lifecycle.name());
                case REMOVED -> unregister(lifecycle.name());
                case STOPPED -> {
                    // a monitor that stopped itself keeps its meters: its status gauge shows the error
                }
            }
        }
    }

    private void register(String name) {
        for (HealthStatus status : HealthStatus.values()) {
            gauge("healthmon.monitor.status", name, "Current status: 1 for the status the monitor is in",
                    m -> m.status() == status ? 1 : 0, status);
        }
        gauge("healthmon.monitor.up", name, "1 while the status counts as good", m -> m.status().isGood() ? 1 : 0,
                null);
        gauge("healthmon.monitor.consecutive.failures", name, "Failures in a row", m -> m.state()
                .consecutiveFailures(), null);
        Gauge.builder("healthmon.monitor.latency", monitors, r -> value(r, name, m -> m.latency().toNanos() / 1e9))
                .description("Latency of the last check")
                .baseUnit("seconds")
                .tag(TAG, name)
                .strongReference(true)
                .register(meters);
        Gauge.builder("healthmon.certificate.expiry", monitors, r -> value(r, name, MonitorMetrics::certificateLeft))
                .description("Time left until the earliest certificate of the target's chain expires")
                .baseUnit("seconds")
                .tag(TAG, name)
                .strongReference(true)
                .register(meters);
        Gauge.builder("healthmon.monitor.uptime", monitors, r -> value(r, name, m -> m.uptime().toMillis() / 1e3))
                .description("Time since the monitor started")
                .baseUnit("seconds")
                .tag(TAG, name)
                .strongReference(true)
                .register(meters);
    }

    private void gauge(String meter, String name, String description, ToDoubleFunction<HealthMonitor> value,
            @Nullable HealthStatus status) {
        Gauge.Builder<MonitorRegistry> builder = Gauge.builder(meter, monitors, r -> value(r, name, value))
                .description(description)
                .tag(TAG, name)
                .strongReference(true);
        if (status != null) {
            builder.tag("status", status.toString());
        }
        builder.register(meters);
    }

    private void unregister(String name) {
        List<Meter> owned = meters.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith("healthmon.")
                        && name.equals(meter.getId().getTag(TAG)))
                .toList();
        owned.forEach(meters::remove);
    }

    // the wall clock: a scrape asks how long is left now, whatever the monitors' scheduler
    static double certificateLeft(HealthMonitor monitor) {
        Instant expiry = monitor.state().alerts().certificateExpiry();
        return expiry == null ? Double.NaN : Duration.between(Instant.now(), expiry).toMillis() / 1e3;
    }

    private static double value(MonitorRegistry registry, String name, ToDoubleFunction<HealthMonitor> value) {
        Optional<HealthMonitor> monitor = registry.get(name);
        return monitor.isPresent() ? value.applyAsDouble(monitor.get()) : Double.NaN;
    }
}
