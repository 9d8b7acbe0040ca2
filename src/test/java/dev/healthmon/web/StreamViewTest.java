package dev.healthmon.web;

import java.time.Duration;

import dev.healthmon.core.schedule.MonitorRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.core.scheduler.Schedulers;

/** The stream's {@code view}: full (the default) or brief; anything else is a 400 naming it. */
class StreamViewTest {

    @Test
    void anUnknownViewIsRefusedNamingTheField() {
        MonitorRegistry registry = MonitorRegistry.create();
        try {
            EventHub hub = EventHub.create(registry::snapshot, 16, 16, 0);
            StreamHandler streams = new StreamHandler(hub, registry, Duration.ofSeconds(15), Schedulers.parallel());
            WebTestClient client = WebTestClient.bindToRouterFunction(RouterFunctions.route()
                    .GET("/api/v1/health/stream", streams::all)
                    .build()).build();

            client.get().uri("/api/v1/health/stream?view=fancy").exchange()
                    .expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.field").isEqualTo("view")
                    .jsonPath("$.error").value(error -> org.assertj.core.api.Assertions.assertThat(error)
                            .asString().contains("fancy"));
        }
        finally {
            registry.dispose();
        }
    }
}
