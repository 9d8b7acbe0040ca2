package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** Notifications reach the configured providers, each monitor's {@code notify:} list choosing which. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.location=classpath:/application.yml,classpath:/e2e.yml")
class NotificationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final LocalTarget DB = LocalTarget.start();
    private static final LocalTarget CACHE = LocalTarget.start();
    private static final Sinks.Many<String> RECEIVED = Sinks.many().replay().all();
    private static final List<String> ALL = new CopyOnWriteArrayList<>();
    private static final DisposableServer HOOKS = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(routes -> routes.post("/{hook}", (request, response) -> request.receive()
                    .aggregate()
                    .asString()
                    .map(body -> request.param("hook") + " " + body)
                    .doOnNext(ALL::add)
                    // answers arrive on several event loops at once: retry an emission that meets another
                    .doOnNext(m -> RECEIVED.emitNext(m, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1))))
                    .then(response.status(204).send())))
            .bindNow();

    @Autowired
    MonitorRegistry registry;

    @DynamicPropertySource
    static void monitorsAndHooks(DynamicPropertyRegistry properties) {
        properties.add("healthmon.notifications[0].name", () -> "hook-a");
        properties.add("healthmon.notifications[0].provider", () -> "webhook");
        properties.add("healthmon.notifications[0].url", () -> "http://127.0.0.1:" + HOOKS.port() + "/a");
        properties.add("healthmon.notifications[1].name", () -> "hook-b");
        properties.add("healthmon.notifications[1].provider", () -> "webhook");
        properties.add("healthmon.notifications[1].url", () -> "http://127.0.0.1:" + HOOKS.port() + "/b");
        properties.add("healthmon.monitors[0].name", () -> "db");
        properties.add("healthmon.monitors[0].url", DB::url);
        properties.add("healthmon.monitors[0].notify[0]", () -> "hook-a");
        properties.add("healthmon.monitors[1].name", () -> "cache");
        properties.add("healthmon.monitors[1].url", CACHE::url);
    }

    @AfterAll
    static void stop() {
        DB.close();
        CACHE.close();
        HOOKS.disposeNow();
    }

    @Test
    void downsGoToTheProvidersOfEachMonitorsNotifyList() {
        Awaits.status(registry, "db", HealthStatus.HEALTHY, WAIT);
        Awaits.status(registry, "cache", HealthStatus.HEALTHY, WAIT);

        DB.down();
        RECEIVED.asFlux().filter(m -> m.contains(service("db"))).blockFirst(WAIT);
        CACHE.down();
        RECEIVED.asFlux().filter(m -> m.contains(service("cache"))).take(2).blockLast(WAIT);

        // each provider delivers in order: had the db's down gone to b, b would have had it before the cache's
        List<String> received = List.copyOf(ALL);
        assertThat(received).filteredOn(m -> m.startsWith("a "))
                .allMatch(m -> m.contains("Service went down"))
                .anyMatch(m -> m.contains(service("db")))
                .anyMatch(m -> m.contains(service("cache")));
        assertThat(received).filteredOn(m -> m.startsWith("b "))
                .hasSize(1)
                .allMatch(m -> m.contains(service("cache")));
    }

    private static String service(String name) {
        return "{\"name\":\"Service Name\",\"value\":\"" + name + "\"}";
    }
}
