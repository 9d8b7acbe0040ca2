package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.store.HistoryStore;
import dev.healthmon.store.MaintenanceSpan;
import dev.healthmon.store.StoreConfig;
import dev.healthmon.store.UptimeReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/** A monitor leaving a maintenance window leaves a span in the store, which uptime reports as maintenance. */
class MaintenanceSpansTest {

    private static final Instant FROM = Instant.parse("2026-06-02T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theTimeInAWindowIsStoredAsMaintenanceOfThatMonitor(@TempDir Path dir) {
        try (HistoryStore store = HistoryStore.open(StoreConfig.defaults()
                .withUrl("jdbc:sqlite:" + dir.resolve("h.db")))) {
            ServiceHistory history = new ServiceHistory(store);
            Instant end = FROM.plus(Duration.ofMinutes(40));

            List<Long> ids = history.maintenanceSpans(Flux.just(
                            new MonitorEvent.Maintenance("api", "nightly", FROM, FROM.plusSeconds(3600), true, FROM),
                            new MonitorEvent.Maintenance("api", "nightly", FROM, end, false, end)))
                    .collectList().block(WAIT);
            List<MaintenanceSpan> spans = store.maintenance(FROM, FROM.plus(Duration.ofDays(1))).collectList()
                    .block(WAIT);
            UptimeReport uptime = store.uptime("api", FROM, FROM.plus(Duration.ofHours(1))).block(WAIT);

            assertThat(ids).hasSize(1);
            assertThat(spans).singleElement().satisfies(span -> {
                assertThat(span.monitor()).isEqualTo("api");
                assertThat(span.from()).isEqualTo(FROM);
                assertThat(span.to()).isEqualTo(end);
                assertThat(span.reason()).isEqualTo("nightly");
            });
            assertThat(uptime.maintenance()).isEqualTo(40 * 60);
        }
    }

    @Test
    void theServiceTakesTheSpansFromTheChangesNotFromEveryCheckResult(@TempDir Path dir) {
        try (HistoryStore store = HistoryStore.open(StoreConfig.defaults()
                .withUrl("jdbc:sqlite:" + dir.resolve("h.db")))) {
            ServiceHistory history = new ServiceHistory(store);
            Sinks.Many<MonitorEvent> changes = Sinks.many().multicast().onBackpressureBuffer();
            Instant end = FROM.plus(Duration.ofMinutes(10));
            // the events the writer takes carry no maintenance here: only the changes do
            Disposable subscription = history.subscribeTo(Flux.empty(), changes.asFlux());
            try {
                changes.tryEmitNext(new MonitorEvent.Maintenance("db", "patch", FROM, end, false, end));

                List<MaintenanceSpan> spans = Flux.interval(Duration.ofMillis(20))
                        .concatMap(tick -> store.maintenance(FROM, FROM.plus(Duration.ofDays(1))).collectList())
                        .filter(found -> !found.isEmpty())
                        .blockFirst(WAIT);

                assertThat(spans).singleElement().satisfies(span -> {
                    assertThat(span.monitor()).isEqualTo("db");
                    assertThat(span.to()).isEqualTo(end);
                });
            }
            finally {
                changes.tryEmitComplete();
                subscription.dispose();
            }
        }
    }
}
