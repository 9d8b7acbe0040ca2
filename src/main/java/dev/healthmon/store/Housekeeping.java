package dev.healthmon.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The store's periodic chores for one service run: record that the run is alive every {@code aliveEvery} (so a
 * crash leaves an unmonitored gap that starts at most that long before it) and apply retention every
 * {@code pruneEvery}.
 *
 * <pre>{@code
 * long run = store.beginRun(now).block();                      // in main
 * Disposable chores = Housekeeping.create(store, Schedulers.parallel()).chores(run).subscribe();
 * ...
 * store.endRun(run, now).block();                              // at shutdown
 * }</pre>
 */
public final class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final HistoryStore store;
    private final Scheduler timer;

    private Housekeeping(HistoryStore store, Scheduler timer) {
        this.store = requireNonNull(store, "store");
        this.timer = requireNonNull(timer, "timer");
    }

    /** Returns the chores of {@code store}, timed on {@code timer}. */
    public static Housekeeping create(HistoryStore store, Scheduler timer) {
        return new Housekeeping(store, timer);
    }

    /**
     * Returns the cold, infinite chores of run {@code run}: emits the time of each chore done; cancel to stop. A
     * failing store is logged and tried again at the next tick; ticks that come while a chore runs are dropped.
     */
    public Flux<Instant> chores(long run) {
        StoreConfig config = store.config();
        Flux<Instant> alive = Flux.interval(config.aliveEvery(), config.aliveEvery(), timer)
                .onBackpressureDrop()
                .concatMap(tick -> attempt("recording that the service is alive", store.markAlive(run, now())), 0);
        Flux<Instant> prune = Flux.interval(config.pruneEvery(), config.pruneEvery(), timer)
                .onBackpressureDrop()
                .concatMap(tick -> attempt("applying retention", store.prune(now()).then()), 0);
        return Flux.merge(alive, prune);
    }

    private Mono<Instant> attempt(String chore, Mono<Void> work) {
        return work
                .then(Mono.fromSupplier(this::now))
                .onErrorResume(StoreUnavailableException.class, e -> {
                    log.warn("history store: {} failed: {}", chore, e.getMessage());
                    return Mono.empty();
                });
    }

    private Instant now() {
        return Instant.ofEpochMilli(timer.now(TimeUnit.MILLISECONDS));
    }
}
