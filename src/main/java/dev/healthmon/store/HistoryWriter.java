package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import dev.healthmon.core.model.MonitorEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Writes monitor events to the store in batches, off the check path. Checks are counted in memory per monitor
 * and leave as one {@link CheckSummary} per monitor and span (a second for a few monitors, up to a minute for
 * thousands; see {@link CheckTallies}), so what is written grows with the monitors, not with the checks; status
 * changes and notifications leave as they come. Then a bounded buffer that drops its oldest entry when full
 * (counting the events it stood for), batches of up to {@code batchSize} entries or {@code batchWait}, one
 * transaction per batch, one batch at a time. When the events complete, every check still counted is written.
 *
 * <p>A failing store (down, full, read-only) never ends the pipeline: the batch's events are counted as dropped
 * ({@code healthmon.store.events.dropped{reason=failed}}), the first failure and the recovery are logged, and the
 * next batch tries again.
 *
 * <pre>{@code
 * Disposable writing = HistoryWriter.create(store, Schedulers.parallel())
 *         .writes(registry.events())
 *         .subscribe();
 * }</pre>
 */
public final class HistoryWriter {

    private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);

    private final HistoryStore store;
    private final StoreConfig config;
    private final Scheduler timer;
    private final AtomicBoolean failing = new AtomicBoolean();

    private HistoryWriter(HistoryStore store, Scheduler timer) {
        this.store = requireNonNull(store, "store");
        this.config = store.config();
        this.timer = requireNonNull(timer, "timer");
    }

    /**
     * Returns a writer for {@code store}, with the buffer and batch settings of the store's config.
     *
     * @param timer the scheduler that times {@code batchWait}: {@code Schedulers.parallel()}, or a virtual one
     */
    public static HistoryWriter create(HistoryStore store, Scheduler timer) {
        return new HistoryWriter(store, timer);
    }

    /**
     * Returns the cold pipeline that writes {@code events}: subscribe once, at a lifecycle edge. It emits one
     * result per batch, completes after the last batch once {@code events} completes, and never errors because
     * of the store. Batches are timed on the timer and written on the store's own scheduler.
     */
    public Flux<BatchResult> writes(Flux<MonitorEvent> events) {
        StoreMetrics metrics = store.metrics();
        return Flux.defer(() -> {
                    // one per subscription; the check path counts into it and hands over only what is due
                    CheckTallies tallies = new CheckTallies();
                    // most checks leave nothing to write: they stop in the handle, and only what is due is
                    // flattened (a concatMapIterable of every check's empty list cost more than the tally itself)
                    return events.<List<HistoryEntry>>handle((event, due) -> {
                                List<HistoryEntry> entries = tallies.accept(event);
                                if (!entries.isEmpty()) {
                                    due.next(entries);
                                }
                            })
                            .concatWith(Flux.defer(() -> Mono.just(tallies.drain())))
                            .concatMapIterable(Function.identity());
                })
                .onBackpressureBuffer(config.bufferLimit(), dropped -> metrics.overflowed(dropped.events()),
                        BufferOverflowStrategy.DROP_OLDEST)
                // fair backpressure: no batch is made without demand, so a slow store fills the buffer above
                .bufferTimeout(config.batchSize(), config.batchWait(), timer, true)
                .concatMap(this::write, 1);
    }

    private Mono<BatchResult> write(List<HistoryEntry> batch) {
        int events = events(batch);
        return store.writeEntries(batch)
                .map(rows -> recovered(new BatchResult(events, rows, true)))
                .onErrorResume(StoreUnavailableException.class, e -> Mono.just(lost(batch, e)));
    }

    private BatchResult recovered(BatchResult result) {
        if (failing.compareAndSet(true, false)) {
            log.info("history store is writable again; events were lost meanwhile (see"
                    + " healthmon.store.events.dropped)");
        }
        return result;
    }

    private BatchResult lost(List<HistoryEntry> batch, StoreUnavailableException e) {
        int events = events(batch);
        store.metrics().failed(events);
        if (failing.compareAndSet(false, true)) {
            log.warn("history store cannot write; dropping {} events and the batches after them until it can: {}",
                    events, e.getMessage());
        }
        else {
            log.debug("history store still cannot write; dropped {} events", events);
        }
        return new BatchResult(events, 0, false);
    }

    private static int events(List<HistoryEntry> batch) {
        int events = 0;
        for (HistoryEntry entry : batch) {
            events += entry.events();
        }
        return events;
    }
}
