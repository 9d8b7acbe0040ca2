package dev.healthmon.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The store's meters, registered once: rows written, batches by result, write latency, dropped events by reason
 * and the database size.
 *
 * <ul>
 *   <li>{@code healthmon.store.rows.written}: rows inserted or upserted</li>
 *   <li>{@code healthmon.store.batches{result=written|failed}}: batches, one transaction each</li>
 *   <li>{@code healthmon.store.write.latency}: time to commit one batch</li>
 *   <li>{@code healthmon.store.events.dropped{reason=overflow|failed}}: events lost to a full buffer or a failed
 *   batch</li>
 *   <li>{@code healthmon.store.size}: bytes of the database, as last measured</li>
 * </ul>
 */
public final class StoreMetrics {

    private final Counter rows;
    private final Counter written;
    private final Counter failed;
    private final Timer latency;
    private final Counter overflow;
    private final Counter lost;
    private final AtomicLong size = new AtomicLong();

    private StoreMetrics(MeterRegistry registry) {
        rows = Counter.builder("healthmon.store.rows.written").description("Rows inserted or upserted")
                .register(registry);
        written = batches(registry, "written");
        failed = batches(registry, "failed");
        latency = Timer.builder("healthmon.store.write.latency").description("Time to commit one batch")
                .register(registry);
        overflow = dropped(registry, "overflow");
        lost = dropped(registry, "failed");
        Gauge.builder("healthmon.store.size", size, AtomicLong::get).baseUnit("bytes")
                .description("Size of the history database").register(registry);
    }

    /** Returns the store's meters, registered in {@code registry}. */
    public static StoreMetrics create(MeterRegistry registry) {
        return new StoreMetrics(registry);
    }

    /** Returns the events dropped because the writer's buffer was full. */
    public double droppedOnOverflow() {
        return overflow.count();
    }

    /** Returns the events lost with batches the store could not write. */
    public double droppedOnFailure() {
        return lost.count();
    }

    /** Returns the batches written. */
    public double batchesWritten() {
        return written.count();
    }

    /** Returns the rows written. */
    public double rowsWritten() {
        return rows.count();
    }

    void written(int rowCount, Duration took) {
        rows.increment(rowCount);
        written.increment();
        latency.record(took);
    }

    void overflowed(int events) {
        overflow.increment(events);
    }

    void failed(int events) {
        failed.increment();
        lost.increment(events);
    }

    void size(long bytes) {
        size.set(bytes);
    }

    private static Counter batches(MeterRegistry registry, String result) {
        return Counter.builder("healthmon.store.batches").tag("result", result)
                .description("Batches of events, one transaction each").register(registry);
    }

    private static Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder("healthmon.store.events.dropped").tag("reason", reason)
                .description("Events the store did not keep").register(registry);
    }
}
