package dev.healthmon.web;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.healthmon.core.model.MonitorSnapshot;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;

/**
 * The bounded queue of one SSE client: events wait here until the client's connection asks for them.
 *
 * <p>The hub offers from its upstream; the client is drained on {@code scheduler}, one drain at a time, and only
 * as far as its downstream has demand, so nothing else buffers without bound. The queue's own lock guards a few
 * field updates and is never held while the client's sink runs: a client that is slow to take an item holds up
 * neither the upstream nor any other client.
 *
 * <p>A pending snapshot takes one place in the queue, ahead of every queued event. It is taken from
 * {@code snapshots} by the drain, when the client reads it: a client that joins starts with one, and a client
 * whose queue overflowed gets one in place of its backlog.
 */
final class ClientQueue {

    private static final Logger log = LoggerFactory.getLogger(ClientQueue.class);
    private static final long NONE = Long.MIN_VALUE;

    private final StreamFilter filter;
    private final int capacity;
    private final FluxSink<StreamItem> sink;
    private final Supplier<List<MonitorSnapshot>> snapshots;
    private final Scheduler scheduler;
    private final AtomicInteger wip = new AtomicInteger();
    private final ArrayDeque<StreamItem.Event> events;
    private long snapshot = NONE;
    private long after = NONE;
    private boolean started;
    private boolean done;
    private boolean cancelled;
    private long resyncs;
    private long delivered;

    ClientQueue(StreamFilter filter, int capacity, FluxSink<StreamItem> sink,
            Supplier<List<MonitorSnapshot>> snapshots, Scheduler scheduler) {
        this.filter = requireNonNull(filter, "filter");
        this.capacity = capacity;
        this.sink = requireNonNull(sink, "sink");
        this.snapshots = requireNonNull(snapshots, "snapshots");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.events = new ArrayDeque<>(Math.min(capacity, 64));
    }

    StreamFilter filter() {
        return filter;
    }

    /**
     * Returns {@link Offer#READY} when {@code event} is queued and the caller must have the client drained
     * ({@link #drainClaimed()} on the client's scheduler), {@link Offer#QUEUED} when it is queued (or already
     * covered by what the client starts with) and a drain is under way or the client has not started,
     * {@link Offer#FULL} when the queue has no room, queueing nothing, and {@link Offer#CLOSED} when the client is
     * gone or completing. The caller drains the clients it was handed, many per task: an event is one task per
     * batch of clients, not one per client.
     */
    Offer offer(StreamItem.Event event) {
        boolean ready;
        synchronized (this) {
            if (cancelled || done) {
                return Offer.CLOSED;
            }
            if (started && event.id() <= after) {
                return Offer.QUEUED;
            }
            if (size() >= capacity) {
                return Offer.FULL;
            }
            events.addLast(event);
            ready = started;
        }
        return ready && wip.getAndIncrement() == 0 ? Offer.READY : Offer.QUEUED;
    }

    /** Drops the backlog and queues a fresh snapshot as of event {@code id} instead: the client missed too much. */
    void resync(long id) {
        synchronized (this) {
            events.clear();
            snapshot = id;
            resyncs++;
        }
        drain();
    }

    /**
     * Starts the client after event {@code last}: what was offered up to it is dropped, and the client starts with
     * {@code missed}, or with a snapshot as of {@code last} when {@code missed} is {@code null}. Returns whether
     * that did not fit, so that the client starts with a fresh snapshot of everything instead.
     */
    boolean start(long last, @Nullable List<StreamItem.Event> missed) {
        boolean resynced;
        synchronized (this) {
            started = true;
            after = last;
            resynced = begin(last, missed);
        }
        drain();
        return resynced;
    }

    /** Completes the client's stream once what is queued has been sent. */
    void complete() {
        synchronized (this) {
            done = true;
        }
        drain();
    }

    /** Forgets what is queued: the client went away. */
    synchronized void cancel() {
        cancelled = true;
        events.clear();
        snapshot = NONE;
    }

    synchronized StreamStats stats() {
        return new StreamStats(filter, size(), capacity, resyncs, delivered);
    }

    /** Sends what is queued, as far as the client asked for it, on the scheduler; one drain runs at a time. */
    void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        try {
            scheduler.schedule(this::drainLoop);
        }
        catch (RejectedExecutionException rejected) {
            // the scheduler is shutting down with the service: this client can no longer be served
            log.debug("SSE client dropped: its scheduler refused the drain", rejected);
            cancel();
        }
    }

    /** Runs the drain that {@link Offer#READY} handed to the caller: on this client's scheduler. */
    void drainClaimed() {
        drainLoop();
    }

    private void drainLoop() {
        int missed = 1;
        do {
            while (!sink.isCancelled() && sink.requestedFromDownstream() > 0) {
                StreamItem item = next();
                if (item == null) {
                    break;
                }
                sink.next(item);
            }
            if (sink.isCancelled()) {
                cancel();
            }
            else if (finished()) {
                sink.complete();
            }
            missed = wip.addAndGet(-missed);
        }
        while (missed != 0);
    }

    /** Returns the next item to send, taking the snapshot outside the lock, or {@code null} when none is ready. */
    private @Nullable StreamItem next() {
        long id;
        synchronized (this) {
            if (!started || cancelled) {
                return null;
            }
            if (snapshot == NONE) {
                StreamItem.Event event = events.pollFirst();
                delivered += event == null ? 0 : 1;
                return event;
            }
            id = snapshot;
            snapshot = NONE;
            delivered++;
        }
        return new StreamItem.Snapshot(id, filter.select(snapshots.get()));
    }

    private boolean begin(long last, @Nullable List<StreamItem.Event> missed) {
        if (done) {
            // the hub closed while the client joined: it completes with nothing
            events.clear();
            snapshot = NONE;
            return false;
        }
        while (!events.isEmpty() && events.peekFirst().id() <= last) {
            events.pollFirst();
        }
        if (snapshot != NONE || missed == null) {
            snapshot = Math.max(snapshot, last);
        }
        else {
            for (int i = missed.size() - 1; i >= 0; i--) {
                if (filter.accepts(missed.get(i).event())) {
                    events.addFirst(missed.get(i));
                }
            }
        }
        if (size() <= capacity) {
            return false;
        }
        // over capacity means some events are queued: the snapshot stands for the newest
        snapshot = events.peekLast().id();
        events.clear();
        resyncs++;
        return true;
    }

    private synchronized boolean finished() {
        return started && done && snapshot == NONE && events.isEmpty();
    }

    private int size() {
        return events.size() + (snapshot == NONE ? 0 : 1);
    }

    /** What became of an offered event. */
    enum Offer {
        /** The client will receive it once the caller has it drained, which only the caller does now. */
        READY,
        /** The client will receive it. */
        QUEUED,
        /** The client's queue is full: it missed this event and needs a fresh snapshot. */
        FULL,
        /** The client is gone or completing: it no longer takes events. */
        CLOSED
    }
}
