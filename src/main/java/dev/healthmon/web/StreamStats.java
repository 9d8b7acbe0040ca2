package dev.healthmon.web;

/**
 * What one connected SSE client costs and how it keeps up.
 *
 * @param filter what the client asked for
 * @param queued items waiting for the client to read them; never more than {@code capacity}
 * @param capacity the bound of its queue
 * @param resyncs how often its backlog was dropped and replaced by a fresh snapshot
 * @param delivered items handed to its connection
 */
public record StreamStats(StreamFilter filter, int queued, int capacity, long resyncs, long delivered) {
}
