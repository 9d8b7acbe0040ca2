package dev.healthmon.web;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;

import reactor.core.publisher.FluxSink;

/**
 * The bounded queue of one SSE client: items wait here until the client's connection asks for them.
 *
 * <p>It hands items to the sink only as far as the downstream has demand, so nothing else buffers them without
 * bound. When the queue is full, the hub drops the backlog and puts a fresh snapshot in its place: a client that
 * stalls costs at most {@code capacity} items and never holds up the hub. Thread-safe: the hub offers from the
 * thread that publishes, the connection drains from its own.
 */
final class ClientQueue {

    private final StreamFilter filter;
    private final int capacity;
    private final FluxSink<StreamItem> sink;
    private final ArrayDeque<StreamItem> queue;
    private boolean done;
    private long resyncs;
    private long delivered;

    ClientQueue(StreamFilter filter, int capacity, FluxSink<StreamItem> sink) {
        this.filter = requireNonNull(filter, "filter");
        this.capacity = capacity;
        this.sink = requireNonNull(sink, "sink");
        this.queue = new ArrayDeque<>(Math.min(capacity, 64));
    }

    StreamFilter filter() {
        return filter;
    }

    /** Queues {@code item}; returns {@code false}, queueing nothing, when the queue is full. */
    synchronized boolean offer(StreamItem item) {
        if (done) {
            return true;
        }
        if (queue.size() >= capacity) {
            return false;
        }
        queue.addLast(item);
        drain();
        return true;
    }

    /** Drops what is queued and queues {@code snapshot} instead: the client missed too much to catch up. */
    synchronized void resync(StreamItem.Snapshot snapshot) {
        if (done) {
            return;
        }
        queue.clear();
        queue.addLast(snapshot);
        resyncs++;
        drain();
    }

    /** Completes the client's stream once what is queued has been sent. */
    synchronized void complete() {
        done = true;
        drain();
    }

    /** Sends queued items as far as the client has asked for them. */
    synchronized void drain() {
        while (!queue.isEmpty() && sink.requestedFromDownstream() > 0 && !sink.isCancelled()) {
            sink.next(queue.pollFirst());
            delivered++;
        }
        if (done && queue.isEmpty()) {
            sink.complete();
        }
    }

    synchronized StreamStats stats() {
        return new StreamStats(filter, queue.size(), capacity, resyncs, delivered);
    }
}
