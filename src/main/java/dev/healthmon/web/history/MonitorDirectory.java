package dev.healthmon.web.history;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.store.HistoryRange;
import dev.healthmon.store.HistoryStore;
import dev.healthmon.store.StoredState;
import dev.healthmon.store.TimelineSpan;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Which monitors the history API knows: the live ones, and those with stored history (transitions in the last
 * two years, or a stored state).
 */
final class MonitorDirectory {

    private final HistoryStore store;
    private final Supplier<? extends Collection<MonitorSnapshot>> monitors;

    MonitorDirectory(HistoryStore store, Supplier<? extends Collection<MonitorSnapshot>> monitors) {
        this.store = store;
        this.monitors = monitors;
    }

    /** Returns the live monitors now. */
    List<MonitorSnapshot> live() {
        return List.copyOf(monitors.get());
    }

    /** Returns the live monitor named {@code name}, if there is one. */
    Optional<MonitorSnapshot> live(String name) {
        return monitors.get().stream().filter(snapshot -> snapshot.name().equals(name)).findFirst();
    }

    /**
     * Returns the monitor named {@code name}, live or stored; a stored one comes with its last stored status. An
     * unknown name signals {@link UnknownMonitorException}.
     */
    Mono<Known> find(String name, Instant now) {
        Optional<MonitorSnapshot> live = live(name);
        if (live.isPresent()) {
            return Mono.just(new Known(name, live.get().status()));
        }
        return store.timeline(name, now.minus(HistoryRange.MAX_LENGTH), now)
                .flatMap(spans -> Mono.justOrEmpty(lastStatus(spans)))
                .switchIfEmpty(Mono.defer(() -> store.states()
                        .filter(state -> state.name().equals(name))
                        .map(StoredState::status)
                        .next()))
                .map(status -> new Known(name, status))
                .switchIfEmpty(Mono.error(() -> new UnknownMonitorException(name)));
    }

    private static @Nullable HealthStatus lastStatus(List<TimelineSpan> spans) {
        // spans carry the last status known, also through maintenance and unmonitored time
        return spans.isEmpty() ? null : spans.get(spans.size() - 1).status();
    }

    /**
     * A monitor the API knows.
     *
     * @param name its name
     * @param status its live status, or the last one stored
     */
    record Known(String name, HealthStatus status) {
    }
}
