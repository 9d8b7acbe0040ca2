package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

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

/** The service gives Alertmanager each monitor's group, as configured, for its alert labels. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.location=classpath:/application.yml,classpath:/e2e.yml")
class AlertLabelsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final LocalTarget API = LocalTarget.start();
    private static final Sinks.Many<String> ALERTS = Sinks.many().replay().all();
    private static final DisposableServer ALERTMANAGER = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(routes -> routes.post("/api/v2/alerts", (request, response) -> request.receive()
                    .aggregate()
                    .asString()
                    .doOnNext(body -> ALERTS.emitNext(body, Sinks.EmitFailureHandler.busyLooping(WAIT)))
                    .then(response.status(200).send())))
            .bindNow();

    @Autowired
    MonitorRegistry registry;

    @DynamicPropertySource
    static void monitorAndAlertmanager(DynamicPropertyRegistry properties) {
        properties.add("healthmon.notifications[0].name", () -> "am");
        properties.add("healthmon.notifications[0].provider", () -> "alertmanager");
        properties.add("healthmon.notifications[0].url", () -> "http://127.0.0.1:" + ALERTMANAGER.port());
        properties.add("healthmon.monitors[0].name", () -> "api");
        properties.add("healthmon.monitors[0].url", API::url);
        properties.add("healthmon.monitors[0].group", () -> "core");
    }

    @AfterAll
    static void stop() {
        API.close();
        ALERTMANAGER.disposeNow();
    }

    @Test
    void aDownAlertIsLabelledWithTheMonitorsGroup() {
        Awaits.status(registry, "api", HealthStatus.HEALTHY, WAIT);

        API.down();

        assertThat(ALERTS.asFlux().blockFirst(WAIT))
                .contains("\"alertname\":\"HealthmonMonitorDown\",\"monitor\":\"api\",\"group\":\"core\"");
    }
}
