package dev.healthmon.app;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * What the metrics keep of one monitor when its series are collected at scrape time ({@link MonitorCollector}):
 * its checks by outcome, whether it has a certificate series, and its latency histogram when there is one. Some
 * 50 bytes, where five Micrometer meters of a monitor were some 3 KB (ids, tags, the registry's maps and the
 * Prometheus collectors' children). Only the metrics' one subscription writes it, one event at a time; scrapes read
 * it.
 */
final class MonitorSeries implements MonitorMetrics.PerMonitor {

    private static final AtomicLongFieldUpdater<MonitorSeries> PASSED =
            AtomicLongFieldUpdater.newUpdater(MonitorSeries.class, "passed");
    private static final AtomicLongFieldUpdater<MonitorSeries> FAILED =
            AtomicLongFieldUpdater.newUpdater(MonitorSeries.class, "failed");
    private static final AtomicLongFieldUpdater<MonitorSeries> ERRORS =
            AtomicLongFieldUpdater.newUpdater(MonitorSeries.class, "errors");

    private final MeterRegistry meters;
    private final boolean certificate;
    private final @Nullable Timer latency;
    private volatile long passed;
    private volatile long failed;
    private volatile long errors;

    MonitorSeries(MeterRegistry meters, boolean certificate, @Nullable Timer latency) {
        this.meters = meters;
        this.certificate = certificate;
        this.latency = latency;
    }

    @Override
    public void checked(MonitorEvent.Checked checked) {
        switch (checked.outcome()) {
            case PASS -> PASSED.incrementAndGet(this);
            case FAIL -> FAILED.incrementAndGet(this);
            case ERROR -> ERRORS.incrementAndGet(this);
        }
        Timer timer = latency;
        if (timer != null) {
            timer.record(checked.latency());
        }
    }

    @Override
    public void status(HealthStatus next) {
        // read from the monitor at scrape time
    }

    @Override
    public void remove() {
        if (latency != null) {
            meters.remove(latency);
        }
    }

    /** Returns the checks with {@code outcome} so far. */
    long checks(Outcome.Kind outcome) {
        return switch (outcome) {
            case PASS -> passed;
            case FAIL -> failed;
            case ERROR -> errors;
        };
    }

    /** Returns whether the monitor has a certificate series: its target spoke TLS when it was added. */
    boolean certificate() {
        return certificate;
    }
}
