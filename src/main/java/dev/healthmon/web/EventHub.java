package dev.healthmon.web;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSnapshot;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Fans the registry's events out to SSE clients: it numbers every event with a strictly increasing id, keeps the
 * latest in a bounded replay buffer for {@code Last-Event-ID}, and gives each client its own bounded queue.
 *
 * <p>It takes every event the registry emits (it requests unbounded), so monitors are never held up. A client
 * that does not keep up loses its backlog once its queue is full and receives a fresh {@code snapshot} instead;
 * the other clients do not notice. Ids start above the time the hub was created, in milliseconds, so that an id
 * remembered from an earlier run of the service is never mistaken for one of this run.
 *
 * <pre>{@code
 * EventHub hub = EventHub.create(registry::snapshot, 256, 1024, System.currentTimeMillis());
 * Disposable feed = hub.subscribeTo(registry.events());
 * Flux<StreamItem> items = hub.stream(StreamFilter.all(false), null);   // snapshot, then events
 * }</pre>
 */
public final class EventHub {

    private static final Logger log = LoggerFactory.getLogger(EventHub.class);

    private final Supplier<List<MonitorSnapshot>> snapshots;
    private final int clientBuffer;
    private final Object lock = new Object();
    private final ReplayBuffer replay;
    private final Set<ClientQueue> clients = ConcurrentHashMap.newKeySet();
    private final Sinks.Empty<Void> closed = Sinks.empty();
    private long lastId;
    private long resyncs;
    private boolean isClosed;

    private EventHub(Supplier<List<MonitorSnapshot>> snapshots, int clientBuffer, int replaySize, long firstId) {
        this.snapshots = requireNonNull(snapshots, "snapshots");
        if (clientBuffer < 1) {
            throw new IllegalArgumentException("clientBuffer: " + clientBuffer + " (expected: >= 1)");
        }
        this.clientBuffer = clientBuffer;
        this.replay = new ReplayBuffer(replaySize);
        this.lastId = firstId;
    }

    /**
     * Returns a hub whose snapshots come from {@code snapshots}, that queues at most {@code clientBuffer} items per
     * client, replays the last {@code replaySize} events, and numbers events from {@code idBase + 1}.
     */
    public static EventHub create(Supplier<List<MonitorSnapshot>> snapshots, int clientBuffer, int replaySize,
            long idBase) {
        return new EventHub(snapshots, clientBuffer, replaySize, idBase);
    }

    /**
     * Returns the subscription that feeds {@code events} into this hub, requesting unbounded; when they complete,
     * the hub closes and every client's stream completes after what it has queued.
     */
    public Disposable subscribeTo(Flux<MonitorEvent> events) {
        return events.subscribe(this::publish,
                error -> {
                    log.error("the event stream failed; closing every SSE stream", error);
                    close();
                },
                this::close);
    }

    /** Numbers {@code event}, keeps it for replay and offers it to every client that wants it. */
    public void publish(MonitorEvent event) {
        synchronized (lock) {
            if (isClosed) {
                return;
            }
            StreamItem.Event item = new StreamItem.Event(++lastId, event);
            replay.add(item);
            @Nullable List<MonitorSnapshot> now = null;
            for (ClientQueue client : clients) {
                if (!client.filter().accepts(event) || client.offer(item)) {
                    continue;
                }
                if (now == null) {
                    now = snapshots.get();
                }
                client.resync(new StreamItem.Snapshot(item.id(), client.filter().select(now)));
                resyncs++;
            }
        }
    }

    /** Closes the hub: every client's stream completes once it has sent what it has queued. */
    public void close() {
        synchronized (lock) {
            if (isClosed) {
                return;
            }
            isClosed = true;
            clients.forEach(ClientQueue::complete);
        }
        closed.tryEmitEmpty();
    }

    /** Returns a {@code Mono} that completes when the hub closes: hot, never errors. */
    public Mono<Void> closed() {
        return closed.asMono();
    }

    /**
     * Returns a cold {@code Flux} of one client's items; each subscription is a new client. It starts with a
     * {@link StreamItem.Snapshot}, or, when {@code lastEventId} is given and every event after it is still kept,
     * with those events instead; then every event the filter accepts. Items are emitted as far as there is demand,
     * on the thread that publishes or the one that requests; the queue between is bounded and replaced by a fresh
     * snapshot when full. It completes when the hub closes and never errors.
     */
    public Flux<StreamItem> stream(StreamFilter filter, @Nullable Long lastEventId) {
        requireNonNull(filter, "filter");
        return Flux.create(sink -> register(sink, filter, lastEventId), FluxSink.OverflowStrategy.BUFFER);
    }

    /** Returns the number of connected clients. */
    public int clientCount() {
        return clients.size();
    }

    /** Returns how each connected client keeps up. */
    public List<StreamStats> clients() {
        return clients.stream().map(ClientQueue::stats).toList();
    }

    /** Returns how many times, since the hub was created, a client's backlog was replaced by a fresh snapshot. */
    public long resyncs() {
        synchronized (lock) {
            return resyncs;
        }
    }

    /** Returns the id of the newest event, or the id base when none was published. */
    public long lastId() {
        synchronized (lock) {
            return lastId;
        }
    }

    private void register(FluxSink<StreamItem> sink, StreamFilter filter, @Nullable Long lastEventId) {
        ClientQueue client = new ClientQueue(filter, clientBuffer, sink);
        // removing needs no lock, so a client that goes away while being fed cannot deadlock with the hub
        sink.onDispose(() -> clients.remove(client));
        sink.onRequest(n -> client.drain());
        synchronized (lock) {
            if (isClosed) {
                client.complete();
                return;
            }
            List<StreamItem.Event> missed = lastEventId == null ? null : replay.after(lastEventId, lastId);
            if (missed == null) {
                client.offer(new StreamItem.Snapshot(lastId, filter.select(snapshots.get())));
            }
            else {
                for (StreamItem.Event event : missed) {
                    if (filter.accepts(event.event()) && !client.offer(event)) {
                        client.resync(new StreamItem.Snapshot(lastId, filter.select(snapshots.get())));
                        resyncs++;
                        break;
                    }
                }
            }
            if (!sink.isCancelled()) {
                clients.add(client);
            }
        }
    }
}
