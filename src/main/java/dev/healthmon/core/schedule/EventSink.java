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
 * starves the delivering thread on a small machine. Delivery then fans out through a {@code directBestEffort}
 * sink: each subscriber receives what it has demand for, so one slow subscriber never holds up the producers or
 * the others.
 */
final class EventSink {

    private final Sinks.Many<MonitorEvent> fanOut = Sinks.unsafe().many().multicast().directBestEffort();
    private final FluxSink<MonitorEvent> input;

    EventSink() {
        AtomicReference<FluxSink<MonitorEvent>> created = new AtomicReference<>();
        // the serialized drain feeds the fan-out, which is safe without its own checks: one thread at a time;
        // the subscription ends by itself when the input completes, after every queued event
        Flux.<MonitorEvent>create(created::set, FluxSink.OverflowStrategy.BUFFER)
                .subscribe(fanOut::tryEmitNext, fanOut::tryEmitError, fanOut::tryEmitComplete);
        input = created.get();
    }

    void emit(MonitorEvent event) {
        input.next(event);
    }

    void complete() {
        input.complete();
    }

    Flux<MonitorEvent> flux() {
        return fanOut.asFlux();
    }
}
