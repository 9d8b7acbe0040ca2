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

    @Test
    void aPreviewOutOfRangeIsRefusedNamingTheField() {
        MonitorRegistry registry = MonitorRegistry.create();
        try {
            EventHub hub = EventHub.create(registry::snapshot, 16, 16, 0);
            StreamHandler streams = new StreamHandler(hub, registry, Duration.ofSeconds(15), Schedulers.parallel());
            WebTestClient client = WebTestClient.bindToRouterFunction(RouterFunctions.route()
                    .GET("/api/v1/health/stream", streams::all)
                    .build()).build();

            for (String preview : new String[] {"-1", "501", "many"}) {
                client.get().uri("/api/v1/health/stream?preview=" + preview).exchange()
                        .expectStatus().isBadRequest()
                        .expectBody()
                        .jsonPath("$.field").isEqualTo("preview")
                        .jsonPath("$.error").value(error -> org.assertj.core.api.Assertions.assertThat(error)
                                .asString().contains(preview));
            }
        }
        finally {
            registry.dispose();
        }
    }

    @Test
    void aPreviewComesAheadOfTheSnapshot() {
        MonitorRegistry registry = MonitorRegistry.create();
        try {
            EventHub hub = EventHub.create(registry::snapshot, 16, 16, 0);
            StreamHandler streams = new StreamHandler(hub, registry, Duration.ofSeconds(15), Schedulers.parallel());
            WebTestClient client = WebTestClient.bindToRouterFunction(RouterFunctions.route()
                    .GET("/api/v1/health/stream", streams::all)
                    .build()).build();

            java.util.List<org.springframework.http.codec.ServerSentEvent<String>> events = client.get()
                    .uri("/api/v1/health/stream?view=brief&preview=50").exchange()
                    .expectStatus().isOk()
                    .returnResult(new org.springframework.core.ParameterizedTypeReference<
                            org.springframework.http.codec.ServerSentEvent<String>>() { })
                    .getResponseBody()
                    .filter(event -> event.event() != null)
                    .take(2)
                    .collectList()
                    .block(Duration.ofSeconds(10));

            org.assertj.core.api.Assertions.assertThat(events).extracting(event -> event.event())
                    .containsExactly("preview", "snapshot");
            org.assertj.core.api.Assertions.assertThat(events.get(0).data())
                    .isEqualTo("{\"total\":0,\"statuses\":{},\"inMaintenance\":0,\"monitors\":[]}");
            org.assertj.core.api.Assertions.assertThat(events.get(1).data()).isEqualTo("[]");
        }
        finally {
            registry.dispose();
        }
    }
}
