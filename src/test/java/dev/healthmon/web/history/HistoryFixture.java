package dev.healthmon.web.history;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.model.Outcome;
import dev.healthmon.store.HistoryStore;
import dev.healthmon.store.MaintenanceSpan;
import dev.healthmon.store.StoreConfig;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real SQLite store in a temporary directory, filled with one scripted hour, and the routes over it.
 *
 * <p>{@code api} (live) starts at T0, is healthy from T0+60, unhealthy from T0+1200 to T0+1500, with maintenance
 * from T0+2400 to T0+2700; the service was down from T0+3000 to T0+3300. {@code old} (stored, not live) had an
 * outage of 600 s five days ago and is in error since a day ago. {@code fresh} is live with no history.
 */
final class HistoryFixture implements AutoCloseable {

    /** The end of the scripted hour: midnight UTC today, so the store's minute rollups still hold it. */
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.DAYS);
    static final Instant T0 = NOW.minus(Duration.ofHours(1));
    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();

    final HistoryStore store;
    final AtomicReference<List<MonitorSnapshot>> live = new AtomicReference<>(List.of(
            snapshot("api", HealthStatus.HEALTHY, 12), snapshot("fresh", HealthStatus.STARTING, 0)));
    final WebTestClient client;

    private HistoryFixture(HistoryStore store) {
        this.store = store;
        this.client = WebTestClient.bindToRouterFunction(HistoryRoutes.create(store, live::get,
                Clock.fixed(NOW, ZoneOffset.UTC))).build();
    }

    /** Returns the fixture over a new store in {@code dir}, filled with the scripted hour. */
    static HistoryFixture create(Path dir) {
        HistoryStore store = HistoryStore.open(StoreConfig.defaults().withUrl("jdbc:sqlite:" + dir.resolve("h.db")));
        HistoryFixture fixture = new HistoryFixture(store);
        fixture.script();
        return fixture;
    }

    /** Returns a fixture over an empty store. */
    static HistoryFixture empty(Path dir) {
        return new HistoryFixture(HistoryStore.open(StoreConfig.defaults().withUrl("jdbc:sqlite:"
                + dir.resolve("empty.db"))));
    }

    private void script() {
        long run = store.beginRun(at(0)).block(WAIT);
        store.markAlive(run, at(3000)).block(WAIT);
        store.beginRun(at(3300)).block(WAIT);
        store.addMaintenance(MaintenanceSpan.of("api", at(2400), at(2700), "upgrade")).block(WAIT);
        store.write(List.of(
                changed("api", HealthStatus.UNKNOWN, HealthStatus.STARTING, at(0), ""),
                changed("api", HealthStatus.STARTING, HealthStatus.HEALTHY, at(60), "HTTP 200"),
                changed("api", HealthStatus.HEALTHY, HealthStatus.UNHEALTHY, at(1200), "HTTP 503"),
                changed("api", HealthStatus.UNHEALTHY, HealthStatus.HEALTHY, at(1500), "HTTP 200"),
                checked("api", true, 10, at(61)),
                checked("api", false, 900, at(1201)),
                checked("api", true, 30, at(1501)),
                changed("old", HealthStatus.STARTING, HealthStatus.HEALTHY, daysAgo(10), "HTTP 200"),
                changed("old", HealthStatus.HEALTHY, HealthStatus.UNHEALTHY, daysAgo(5), "connection refused"),
                changed("old", HealthStatus.UNHEALTHY, HealthStatus.HEALTHY, daysAgo(5).plusSeconds(600), "HTTP 200"),
                changed("old", HealthStatus.HEALTHY, HealthStatus.ERROR, daysAgo(1), "no such host")))
                .block(WAIT);
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static long unix(long secondsAfterT0) {
        return at(secondsAfterT0).getEpochSecond();
    }

    static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    static MonitorEvent changed(String name, HealthStatus from, HealthStatus to, Instant time, String detail) {
        return new MonitorEvent.StatusChanged(name, to, from, detail, Duration.ofMillis(5), null, time,
                to.isBad() ? 1 : 0);
    }

    static MonitorEvent checked(String name, boolean pass, long latencyMillis, Instant time) {
        return new MonitorEvent.Checked(name, pass ? Outcome.Kind.PASS : Outcome.Kind.FAIL,
                pass ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY, pass ? "HTTP 200" : "HTTP 503",
                Duration.ofMillis(latencyMillis), time);
    }

    static MonitorSnapshot snapshot(String name, HealthStatus status, long latencyMillis) {
        return new MonitorSnapshot(name, status, T0, Duration.ofHours(1), Duration.ofMillis(latencyMillis), null, "",
                URI.create("http://127.0.0.1:1/"), 0, HealthCheckConfig.defaults());
    }

    /** Returns the JSON answer of a GET that must succeed. */
    JsonNode json(String uri) {
        String body = client.get().uri(uri).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    @Override
    public void close() {
        store.close();
    }
}
