/**
 * The history store: transitions, rollups, monitor state, saved monitors, the notification outbox, service runs
 * and maintenance spans in SQLite (the default) or PostgreSQL, with time-weighted uptime read from them.
 *
 * <p>Spring-free and optional: an embedder opens a {@link dev.healthmon.store.HistoryStore} with
 * {@link dev.healthmon.store.HistoryStore#open(StoreConfig, io.micrometer.core.instrument.MeterRegistry)} (which
 * runs the Flyway migrations under {@code db/migration}), feeds it with a {@link dev.healthmon.store.HistoryWriter}
 * over the hot event stream, runs {@link dev.healthmon.store.Housekeeping} for the run's heartbeat and retention,
 * and reads uptime, history, incidents and timelines back. JDBC runs only on the store's own writer thread and on
 * {@code boundedElastic}.
 *
 * <p>Wiring, in order: {@code open}, {@code states()} and {@code savedMonitors()} to restore monitors,
 * {@code beginRun(now)}, subscribe the writer and the chores, then {@code pending()} to retry unacknowledged
 * notifications; the notifier calls {@code enqueue} before it delivers and {@code acknowledge} after; at shutdown,
 * let the event stream complete so the writer drains, then {@code endRun} and {@code close}.
 */
@NullMarked
package dev.healthmon.store;

import org.jspecify.annotations.NullMarked;
