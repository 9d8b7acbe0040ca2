package dev.healthmon.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.healthmon.core.model.Outcome;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorRegistry;
import io.micrometer.core.instrument.Tag;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The per-monitor series of the Prometheus scrape, made when a scrape asks for them: status, consecutive failures,
 * last latency, uptime, the certificate's time left and the checks by outcome, each labelled by {@code monitor}
 * (and the registry's common tags), with the names, help texts and values the Micrometer meters of
 * {@link MonitorMeters} have. One collector for every monitor, where the meters were five a monitor: at 10,000
 * monitors those held some 30 MB between scrapes; this holds nothing but {@link MonitorSeries}. Runs on the
 * scraping thread; reads the registry's monitors and the series' counts, both safe to read from any thread.
 */
final class MonitorCollector implements MultiCollector {

    private static final MetricMetadata STATUS = new MetricMetadata("healthmon_monitor_status",
            MonitorMeters.STATUS_HELP, null);
    private static final MetricMetadata FAILURES = new MetricMetadata("healthmon_monitor_consecutive_failures",
            MonitorMeters.FAILURES_HELP, null);
    private static final MetricMetadata LATENCY = new MetricMetadata("healthmon_monitor_latency_seconds",
            MonitorMeters.LATENCY_HELP, null);
    private static final MetricMetadata UPTIME = new MetricMetadata("healthmon_monitor_uptime_seconds",
            MonitorMeters.UPTIME_HELP, null);
    private static final MetricMetadata CERTIFICATE = new MetricMetadata("healthmon_certificate_expiry_seconds",
            MonitorMeters.CERTIFICATE_HELP, null);
    private static final MetricMetadata CHECKS = new MetricMetadata("healthmon_checks",
            MonitorMeters.CHECKS_HELP, null);

    private final Map<String, MonitorMetrics.PerMonitor> series;
    private final MonitorRegistry monitors;
    private final String[] commonNames;
    private final String[] commonValues;

    /**
     * Returns a collector of the monitors of {@code series} (kept up to date by the metrics' subscription), read
     * from {@code monitors}, with {@code commonTags} (the registry's common tags, such as
     * {@code application="healthmon"}) on every series.
     */
    MonitorCollector(Map<String, MonitorMetrics.PerMonitor> series, MonitorRegistry monitors, List<Tag> commonTags) {
        this.series = series;
        this.monitors = monitors;
        this.commonNames = commonTags.stream().map(Tag::getKey).toArray(String[]::new);
        this.commonValues = commonTags.stream().map(Tag::getValue).toArray(String[]::new);
    }

    @Override
    public MetricSnapshots collect() {
        int size = series.size();
        List<GaugeDataPointSnapshot> status = new ArrayList<>(size);
        List<GaugeDataPointSnapshot> failures = new ArrayList<>(size);
        List<GaugeDataPointSnapshot> latency = new ArrayList<>(size);
        List<GaugeDataPointSnapshot> uptime = new ArrayList<>(size);
        List<GaugeDataPointSnapshot> certificate = new ArrayList<>();
        List<CounterDataPointSnapshot> checks = new ArrayList<>(size);
        for (Map.Entry<String, MonitorMetrics.PerMonitor> entry : series.entrySet()) {
            if (!(entry.getValue() instanceof MonitorSeries counts)) {
                continue;
            }
            String name = entry.getKey();
            Labels labels = Labels.of(commonNames, commonValues).add("monitor", name);
            // passes are counted from the start; fails and errors from the first one
            checks.add(counter(labels.add("outcome", Outcome.Kind.PASS.toString()), counts.checks(Outcome.Kind.PASS)));
            for (Outcome.Kind kind : List.of(Outcome.Kind.FAIL, Outcome.Kind.ERROR)) {
                long count = counts.checks(kind);
                if (count > 0) {
                    checks.add(counter(labels.add("outcome", kind.toString()), count));
                }
            }
            Optional<HealthMonitor> found = monitors.get(name);
            if (found.isEmpty()) {
                // removed while this scrape ran: its series go with it
                continue;
            }
            HealthMonitor monitor = found.get();
            status.add(gauge(labels.add("status", monitor.status().toString()), 1));
            failures.add(gauge(labels, monitor.state().consecutiveFailures()));
            latency.add(gauge(labels, monitor.latency().toNanos() / 1e9));
            uptime.add(gauge(labels, monitor.uptime().toMillis() / 1e3));
            if (counts.certificate()) {
                certificate.add(gauge(labels, MonitorMeters.certificateLeft(monitor)));
            }
        }
        // a family without series is left out, as Micrometer has no collector for a name without meters
        List<MetricSnapshot> snapshots = new ArrayList<>();
        addGauges(snapshots, STATUS, status);
        addGauges(snapshots, FAILURES, failures);
        addGauges(snapshots, LATENCY, latency);
        addGauges(snapshots, UPTIME, uptime);
        addGauges(snapshots, CERTIFICATE, certificate);
        if (!checks.isEmpty()) {
            snapshots.add(new CounterSnapshot(CHECKS, checks));
        }
        return new MetricSnapshots(snapshots);
    }

    private static void addGauges(List<MetricSnapshot> snapshots, MetricMetadata metadata,
            List<GaugeDataPointSnapshot> points) {
        if (!points.isEmpty()) {
            snapshots.add(new GaugeSnapshot(metadata, points));
        }
    }

    private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
        return new GaugeDataPointSnapshot(value, labels, null);
    }

    private static CounterDataPointSnapshot counter(Labels labels, long value) {
        return new CounterDataPointSnapshot(value, labels, null, 0);
    }
}
