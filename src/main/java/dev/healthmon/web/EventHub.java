package dev.healthmon.web;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
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
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Fans the registry's events out to SSE clients: it numbers every event with a strictly increasing id, keeps the
 * latest in a bounded replay buffer for {@code Last-Event-ID}, and gives each client its own bounded queue.
 *
 * <p>It takes every event the registry emits (it requests unbounded), so monitors are never held up; fed by
 * {@link #subscribeTo(Flux, Flux)}, it takes check results only while a client wants them, and it never keeps
 * them for replay. Numbering
 * and the replay buffer run on that upstream, which is serialised, so they need no lock; the hub only puts each
 * event in the queues of the clients that want it. Each client is drained on a scheduler, one drain at a time,
 * and takes its snapshots there, so no client's work ever runs on the upstream or holds up another client. A
 * client that does not keep up loses its backlog once its queue is full and receives a fresh {@code snapshot}
 * instead. Ids start above the time the hub was created, in milliseconds, so that an id remembered from an
 * earlier run of the service is never mistaken for one of this run.
 *
 * <pre>{@code
 * EventHub hub = EventHub.create(registry::snapshot, 256, 1024, System.currentTimeMillis());
 * Disposable feed = hub.subscribeTo(registry.events());
 * Flux<StreamItem> items = hub.stream(StreamFilter.all(false), null);   // snapshot, then events
 * }</pre>
 */
public final class EventHub {

    private static final Logger log = LoggerFactory.getLogger(EventHub.class);
    // the clients drained by one task when an event is offered to many
    private static final int DRAIN_BATCH = 128;

    private final Supplier<List<MonitorSnapshot>> snapshots;
    private final int clientBuffer;
    private final Scheduler drains;
    private final ReplayBuffer replay;
    // copy-on-write: the upstream walks the clients on every event, clients come and go far less often
    private final List<ClientQueue> clients = new CopyOnWriteArrayList<>();
    private final LongAdder resyncs = new LongAdder();
    private final AtomicBoolean isClosed = new AtomicBoolean();
    private final Sinks.Empty<Void> closed = Sinks.empty();
    // written by the upstream only; read by joining clients
    private volatile long lastId;
    // the check results are taken from the registry only while a client wants them
    private final Object checkFeedLock = new Object();
    private int checkClients;
    private @Nullable Flux<MonitorEvent> checkSource;
    private @Nullable Disposable checkFeed;

    private EventHub(Supplier<List<MonitorSnapshot>> snapshots, int clientBuffer, int replaySize, long firstId,
            Scheduler drains) {
        this.snapshots = requireNonNull(snapshots, "snapshots");
        if (clientBuffer < 1) {
            throw new IllegalArgumentException("clientBuffer: " + clientBuffer + " (expected: >= 1)");
        }
        this.clientBuffer = clientBuffer;
        this.drains = requireNonNull(drains, "drains");
        this.replay = new ReplayBuffer(replaySize, firstId);
        this.lastId = firstId;
    }

    /**
     * Returns a hub whose snapshots come from {@code snapshots}, that queues at most {@code clientBuffer} items per
     * client, replays the last {@code replaySize} events, numbers events from {@code idBase + 1}, and drains its
     * clients on {@link Schedulers#parallel()}.
     */
    public static EventHub create(Supplier<List<MonitorSnapshot>> snapshots, int clientBuffer, int replaySize,
            long idBase) {
        return create(snapshots, clientBuffer, replaySize, idBase, Schedulers.parallel());
    }

    /**
     * Returns a hub as {@link #create(Supplier, int, int, long)} does, that drains each client, and takes its
     * snapshots, on {@code drains}; {@link Schedulers#immediate()} drains on the thread that publishes or requests.
     */
    public static EventHub create(Supplier<List<MonitorSnapshot>> snapshots, int clientBuffer, int replaySize,
            long idBase, Scheduler drains) {
        return new EventHub(snapshots, clientBuffer, replaySize, idBase, drains);
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

    /**
     * Returns the subscription that feeds this hub from a registry: {@code changes} (every event but check results)
     * always, requesting unbounded, and the check results of {@code everything} only while a client that wants
     * them ({@code ?checks=true}) is connected, so that check results cost the hub nothing otherwise. Both must be
     * delivered by one serialised source, as {@code MonitorRegistry.changes()} and {@code events()} are. When
     * {@code changes} completes, the hub closes.
     */
    public Disposable subscribeTo(Flux<MonitorEvent> changes, Flux<MonitorEvent> everything) {
        requireNonNull(everything, "everything");
        synchronized (checkFeedLock) {
            checkSource = everything.filter(event -> event instanceof MonitorEvent.Checked);
            if (checkClients > 0) {
                checkFeed = checkSource.subscribe(this::publish);
            }
        }
        Disposable feed = subscribeTo(changes);
        return () -> {
            feed.dispose();
            synchronized (checkFeedLock) {
                checkSource = null;
                stopCheckFeed();
            }
        };
    }

    /**
     * Numbers {@code event}, keeps it for replay and queues it for every client that wants it. Calls must not
     * overlap: they come from one serialised source, as {@link #subscribeTo} does.
     */
    public void publish(MonitorEvent event) {
        requireNonNull(event, "event");
        if (isClosed.get()) {
            return;
        }
        StreamItem.Event item = new StreamItem.Event(lastId + 1, event);
        if (!(event instanceof MonitorEvent.Checked)) {
            // a client that resumes wants what changed; a check result is stale by the time it reconnects
            replay.add(item);
        }
        // published after the replay slot, so that a client that joins and reads this id finds the event kept
        lastId = item.id();
        List<ClientQueue> ready = null;
        for (ClientQueue client : clients) {
            if (client.filter().accepts(event) && offer(client, item)) {
                if (ready == null) {
                    ready = new ArrayList<>();
                }
                ready.add(client);
            }
        }
        if (ready != null) {
            drain(ready);
        }
    }

    /** Closes the hub: every client's stream completes once it has sent what it has queued. */
    public void close() {
        if (!isClosed.compareAndSet(false, true)) {
            return;
        }
        clients.forEach(ClientQueue::complete);
        synchronized (checkFeedLock) {
            stopCheckFeed();
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
     * with those events instead; then every event the filter accepts. Items are emitted on the hub's scheduler as
     * far as there is demand; the queue between is bounded and replaced by a fresh snapshot when full. It completes
     * when the hub closes and never errors.
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
        return resyncs.sum();
    }

    /** Returns the id of the newest event, or the id base when none was published. */
    public long lastId() {
        return lastId;
    }

    // returns whether the client is to be drained by this caller
    private boolean offer(ClientQueue client, StreamItem.Event item) {
        switch (client.offer(item)) {
            case READY -> {
                return true;
            }
            case FULL -> {
                client.resync(item.id());
                resyncs.increment();
            }
            case CLOSED -> clients.remove(client);
            case QUEUED -> {
                // the client's drain sends it
            }
        }
        return false;
    }

    // one task per batch of clients: a change to 1,000 clients is 8 tasks handed to the scheduler, not 1,000, and
    // the batches still spread over its workers
    private void drain(List<ClientQueue> ready) {
        for (int from = 0; from < ready.size(); from += DRAIN_BATCH) {
            List<ClientQueue> batch = ready.subList(from, Math.min(ready.size(), from + DRAIN_BATCH));
            try {
                drains.schedule(() -> batch.forEach(ClientQueue::drainClaimed));
            }
            catch (RejectedExecutionException rejected) {
                // the scheduler is shutting down with the service: these clients can no longer be served
                log.debug("SSE clients dropped: their scheduler refused the drain", rejected);
                batch.forEach(ClientQueue::cancel);
            }
        }
    }

    private void checkClientJoined() {
        synchronized (checkFeedLock) {
            Flux<MonitorEvent> source = checkSource;
            if (++checkClients == 1 && source != null && !isClosed.get()) {
                checkFeed = source.subscribe(this::publish);
            }
        }
    }

    private void checkClientLeft() {
        synchronized (checkFeedLock) {
            if (--checkClients == 0) {
                stopCheckFeed();
            }
        }
    }

    // runs under the check feed's lock
    private void stopCheckFeed() {
        Disposable feed = checkFeed;
        checkFeed = null;
        if (feed != null) {
            feed.dispose();
        }
    }

    /** Returns whether the hub takes check results from its source now: while a client wants them. */
    public boolean takesChecks() {
        synchronized (checkFeedLock) {
            return checkFeed != null;
        }
    }

    private void register(FluxSink<StreamItem> sink, StreamFilter filter, @Nullable Long lastEventId) {
        ClientQueue client = new ClientQueue(filter, clientBuffer, sink, snapshots, drains);
        if (filter.checks()) {
            checkClientJoined();
        }
        sink.onDispose(() -> {
            client.cancel();
            clients.remove(client);
            if (filter.checks()) {
                checkClientLeft();
            }
        });
        sink.onRequest(n -> client.drain());
        // added before reading lastId, both volatile: every event with a later id is offered to this client, and
        // the client drops what it is offered up to that id, which its snapshot or replay covers
        clients.add(client);
        if (isClosed.get()) {
            client.complete();
        }
        long last = lastId;
        List<StreamItem.Event> missed = lastEventId == null ? null : replay.after(lastEventId, last);
        if (client.start(last, missed)) {
            resyncs.increment();
        }
        if (sink.isCancelled()) {
            clients.remove(client);
        }
    }
}
