package dev.healthmon.core.schedule;

import java.util.concurrent.atomic.AtomicReference;

import dev.healthmon.core.model.MonitorEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Sinks;

/**
 * A hot, multi-producer event stream that loses no event to concurrency and never makes a producer wait.
 *
 * <p>Many monitors emit at once. Producers hand events to a {@link Flux#create} sink, which serializes them
 * with a queue-and-drain loop: whichever producer finds the stream idle delivers every queued event, the others
 * return at once. A {@code Sinks.Many} would instead answer {@code FAIL_NON_SERIALIZED}, and retrying by spinning
 * starves the delivering thread on a small machine. Delivery then fans out through {@code directBestEffort}
 * sinks: each subscriber receives what it has demand for, so one slow subscriber never holds up the producers or
 * the others. There are two fan-outs fed by the one drain, so their subscribers see one order: every event, and
 * the changes alone (every event but check results). A producer asks {@link #wantsChecks()} before it builds a
 * check result: with nobody subscribed to every event, it builds none.
 */
final class EventSink {

    private final Sinks.Many<MonitorEvent> all = Sinks.unsafe().many().multicast().directBestEffort();
    private final Sinks.Many<MonitorEvent> changes = Sinks.unsafe().many().multicast().directBestEffort();
    private final FluxSink<MonitorEvent> input;

    EventSink() {
        AtomicReference<FluxSink<MonitorEvent>> created = new AtomicReference<>();
        // the serialized drain feeds the fan-outs, which are safe without their own checks: one thread at a time;
        // the subscription ends by itself when the input completes, after every queued event
        Flux.<MonitorEvent>create(created::set, FluxSink.OverflowStrategy.BUFFER)
                .subscribe(this::deliver, this::fail, this::complete0);
        input = created.get();
    }

    void emit(MonitorEvent event) {
        input.next(event);
    }

    void complete() {
        input.complete();
    }

    /** Returns whether anyone listens to every event, check results included. */
    boolean wantsChecks() {
        return all.currentSubscriberCount() > 0;
    }

    /** Returns whether anyone listens at all. */
    boolean hasSubscribers() {
        return all.currentSubscriberCount() > 0 || changes.currentSubscriberCount() > 0;
    }

    Flux<MonitorEvent> flux() {
        return all.asFlux();
    }

    Flux<MonitorEvent> changes() {
        return changes.asFlux();
    }

    private void deliver(MonitorEvent event) {
        all.tryEmitNext(event);
        if (!(event instanceof MonitorEvent.Checked)) {
            changes.tryEmitNext(event);
        }
    }

    private void fail(Throwable error) {
        all.tryEmitError(error);
        changes.tryEmitError(error);
    }

    private void complete0() {
        all.tryEmitComplete();
        changes.tryEmitComplete();
    }
}
