package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.web.EventHub;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The metrics of DESIGN section 9, labelled by {@code monitor}: status, up, consecutive failures, last latency,
 * checks by outcome and uptime, and, when turned on, a latency histogram; plus the number of SSE clients and how
 * often one was resynchronised.
 *
 * <p>With a Prometheus registry alone (the service's), the series of every monitor come from one collector that reads
 * the monitors when a scrape asks ({@link MonitorCollector}); a monitor holds only its counts of checks
 * ({@link MonitorSeries}), some 50 bytes where five meters held 3 KB. The series, their names, help texts and
 * values are those of the meters; what differs is that Micrometer's meter filters (renames, denials) do not apply
 * to them, its common tags do. With another registry (or a composite), a monitor's meters ({@link MonitorMeters}) are built once,
 * when it is added, and removed with it. Either way a check only increments a counter it finds in a map (and
 * records into its histogram when there is one). Per monitor the scrape has one
 * {@code healthmon_monitor_status} series, labelled with the status the monitor is in (it moves when the status
 * changes), so that 10,000 monitors stay well under 5 MB; the per-monitor histogram is off by default
 * ({@code healthmon.metrics.latencyHistogram}), since its buckets alone would be some 70 series a monitor.
 *
 * <p>Prometheus names: {@code healthmon_monitor_status}, {@code healthmon_monitor_up},
 * {@code healthmon_monitor_consecutive_failures}, {@code healthmon_monitor_latency_seconds},
 * {@code healthmon_check_latency_seconds_bucket} (when turned on), {@code healthmon_checks_total},
 * {@code healthmon_monitor_uptime_seconds}, {@code healthmon_certificate_expiry_seconds} (time left until the
 * earliest certificate of a TLS target's chain expires; NaN when none was seen), {@code healthmon_sse_clients},
 * {@code healthmon_sse_resyncs_total}.
 */
public final class MonitorMetrics {

    private final MeterRegistry meters;
    private final MonitorRegistry monitors;
    private final boolean latencyHistogram;
    private final boolean collected;
    // written and read by the one subscription to the registry's serialised events; read by scrapes
    private final Map<String, PerMonitor> byName = new ConcurrentHashMap<>();

    /** Returns metrics of {@code monitors} and {@code hub} recorded in {@code meters}, without latency histograms. */
    public MonitorMetrics(MeterRegistry meters, MonitorRegistry monitors, EventHub hub) {
        this(meters, monitors, hub, false);
    }

    /**
     * Returns metrics of {@code monitors} and {@code hub} recorded in {@code meters}, with a latency histogram per
     * monitor when {@code latencyHistogram} is set.
     */
    public MonitorMetrics(MeterRegistry meters, MonitorRegistry monitors, EventHub hub, boolean latencyHistogram) {
        this(meters, monitors, hub, latencyHistogram, true);
    }

    /**
     * Returns metrics as {@link #MonitorMetrics(MeterRegistry, MonitorRegistry, EventHub, boolean)} does, with a
     * monitor's own meters even in a Prometheus registry unless {@code collect}: how a test compares the two.
     */
    MonitorMetrics(MeterRegistry meters, MonitorRegistry monitors, EventHub hub, boolean latencyHistogram,
            boolean collect) {
        this.meters = requireNonNull(meters, "meters");
        this.monitors = requireNonNull(monitors, "monitors");
        this.latencyHistogram = latencyHistogram;
        Gauge clients = Gauge.builder("healthmon.sse.clients", hub, EventHub::clientCount)
                .description("Connected SSE clients")
                .register(meters);
        PrometheusMeterRegistry prometheus = collect ? prometheus(meters) : null;
        this.collected = prometheus != null;
        if (prometheus != null) {
            // the series get the tags the registry's filters gave the gauge above: its common tags
            List<io.micrometer.core.instrument.Tag> common = clients.getId().getTags();
            prometheus.getPrometheusRegistry().register(new MonitorCollector(byName, monitors, common));
        }
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
            PerMonitor owned = byName.get(checked.name());
            if (owned != null) {
                owned.checked(checked);
            }
        }
        else if (event instanceof MonitorEvent.StatusChanged changed) {
            PerMonitor owned = byName.get(changed.name());
            if (owned != null) {
                owned.status(changed.status());
            }
        }
        else if (event instanceof MonitorEvent.Lifecycle lifecycle) {
            switch (lifecycle.action()) {
                case ADDED -> add(lifecycle.name());
                case REMOVED -> remove(lifecycle.name());
                case STOPPED -> {
                    // a monitor that stopped itself keeps its meters: its status gauge shows the error
                }
            }
        }
    }

    private void add(String name) {
        remove(name);
        byName.put(name, collected
                ? new MonitorSeries(meters, MonitorMeters.speaksTls(monitors, name),
                        latencyHistogram ? MonitorMeters.latencyHistogram(meters, name) : null)
                : MonitorMeters.register(meters, monitors, name, latencyHistogram));
    }

    // the service's registry is Prometheus's alone; in a composite, the other registries need the meters
    private static @Nullable PrometheusMeterRegistry prometheus(MeterRegistry meters) {
        return meters instanceof PrometheusMeterRegistry prometheus ? prometheus : null;
    }

    /** What the metrics keep of one monitor between its events. */
    interface PerMonitor {

        /** Counts a check, and records its latency when there is a histogram. */
        void checked(MonitorEvent.Checked checked);

        /** Follows the monitor's status to {@code next}. */
        void status(HealthStatus next);

        /** Removes what the monitor has in the registry. */
        void remove();
    }

    private void remove(String name) {
        PerMonitor owned = byName.remove(name);
        if (owned != null) {
            owned.remove();
        }
    }
}
