package dev.healthmon.app;

import java.time.Duration;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Waits for a monitor's status in the end-to-end tests: on the event itself, never by polling. */
final class Awaits {

    private Awaits() {
    }

    /** Returns once the monitor named {@code name} is in {@code status}, or fails after {@code timeout}. */
    static void status(MonitorRegistry registry, String name, HealthStatus status, Duration timeout) {
        Flux<HealthStatus> changes = registry.events()
                .filter(e -> e instanceof MonitorEvent.StatusChanged s && s.name().equals(name) && s.status() == status)
                .map(e -> status);
        // subscribe to the changes first, then look at the current status, so none is missed in between
        Mono<HealthStatus> now = Mono.fromSupplier(() -> registry.get(name).map(HealthMonitor::status)
                        .orElse(HealthStatus.UNKNOWN))
                .filter(current -> current == status);
        Flux.merge(changes, now)
                .next()
                .timeout(timeout, Mono.error(() -> new AssertionError("monitor '" + name + "' did not become "
                        + status + " within " + timeout + "; it is " + registry.get(name).map(HealthMonitor::status))))
                .block();
    }
}
