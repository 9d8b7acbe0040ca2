package dev.healthmon.core.schedule;

import java.time.Duration;

import dev.healthmon.core.model.MonitorEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A hot, multi-producer event stream that loses no event to concurrency.
 *
 * <p>Many monitors emit at once, so an emission that finds another one in progress
 * ({@code FAIL_NON_SERIALIZED}) retries briefly instead of dropping. Each subscriber receives what it has
 * demand for ({@code directBestEffort}): one slow subscriber never holds up the producers or the others.
 */
final class EventSink {

    private static final Duration RETRY_CONCURRENT = Duration.ofSeconds(2);

    private final Sinks.Many<MonitorEvent> sink = Sinks.many().multicast().directBestEffort();

    void emit(MonitorEvent event) {
        // a new handler each time: busyLooping's deadline starts when the handler is created, so a shared one
        // stops retrying for good two seconds after start-up
        sink.emitNext(event, Sinks.EmitFailureHandler.busyLooping(RETRY_CONCURRENT));
    }

    void complete() {
        sink.emitComplete(Sinks.EmitFailureHandler.busyLooping(RETRY_CONCURRENT));
    }

    Flux<MonitorEvent> flux() {
        return sink.asFlux();
    }
}
