package dev.healthmon.web;

import dev.healthmon.core.model.MonitorEvent;
import reactor.core.publisher.Mono;

/** Reloads the service's config file; what {@code POST /api/v1/config/reload} calls. */
@FunctionalInterface
public interface ConfigReloads {

    /**
     * Returns a cold {@code Mono} that reloads the config file, off the caller's thread, and emits the outcome: the
     * file applied, or rejected with nothing changed. A rejection is a value, never an error signal.
     */
    Mono<MonitorEvent.ConfigReloaded> reload();
}
