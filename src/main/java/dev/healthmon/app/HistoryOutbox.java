package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

import dev.healthmon.notify.Outbox;
import dev.healthmon.store.HistoryStore;
import dev.healthmon.store.OutboxKey;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The notifier's outbox kept in the history store, so that a delivery not acknowledged survives a restart. */
final class HistoryOutbox implements Outbox {

    private final HistoryStore store;
    private final Clock clock;

    HistoryOutbox(HistoryStore store, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
    }

    // the store's Monos run JDBC on its own scheduler, so none of these blocks its subscriber
    @Override
    public Mono<Boolean> enqueue(Key key, String provider, String payload) {
        return Mono.defer(() -> store.enqueue(stored(key), provider, payload, clock.instant()));
    }

    @Override
    public Mono<Boolean> acknowledge(Key key, String provider) {
        return Mono.defer(() -> store.acknowledge(stored(key), provider, clock.instant()));
    }

    @Override
    public Flux<Pending> pending() {
        return store.pending()
                .map(delivery -> new Pending(new Key(delivery.key().monitor(), delivery.key().outage(),
                        delivery.key().kind()), delivery.provider(), delivery.payload()));
    }

    private static OutboxKey stored(Key key) {
        return new OutboxKey(key.monitor(), key.outage(), key.kind());
    }
}
