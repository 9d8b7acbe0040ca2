package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The read API of DESIGN section 7, actuator health and the Prometheus metrics, against the running service. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.location=classpath:/application.yml,classpath:/e2e.yml")
class HealthApiTest {

    private static final LocalTarget DB = LocalTarget.start();
    private static final LocalTarget CACHE = LocalTarget.start();

    @LocalServerPort
    int port;

    @Autowired
    MonitorRegistry registry;

    WebTestClient client;

    @DynamicPropertySource
    static void monitors(DynamicPropertyRegistry properties) {
        properties.add("healthmon.monitors[0].name", () -> "db");
        properties.add("healthmon.monitors[0].url", DB::url);
        properties.add("healthmon.monitors[1].name", () -> "cache");
        properties.add("healthmon.monitors[1].url", CACHE::url);
        properties.add("healthmon.monitors[1].interval", () -> "1m30s");
        properties.add("healthmon.metrics.latencyHistogram", () -> "true");
    }

    @AfterAll
    static void stopTargets() {
        DB.close();
        CACHE.close();
    }

    @BeforeEach
    void connect() {
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        Awaits.status(registry, "db", HealthStatus.HEALTHY, Duration.ofSeconds(5));
        Awaits.status(registry, "cache", HealthStatus.HEALTHY, Duration.ofSeconds(5));
    }

    @Test
    void healthMapsEveryMonitorByName() {
        client.get().uri("/api/v1/health").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$.db.name").isEqualTo("db")
                .jsonPath("$.db.status").isEqualTo("healthy")
                .jsonPath("$.cache.status").isEqualTo("healthy")
                .jsonPath("$.cache.config.interval").isEqualTo("1m30s");
    }

    @Test
    void oneMonitorHasEveryFieldOfTheContract() {
        long now = System.currentTimeMillis() / 1000;
        client.get().uri("/api/v1/health/db").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.name").isEqualTo("db")
                .jsonPath("$.status").isEqualTo("healthy")
                .jsonPath("$.started").value(Long.class, started -> assertThat(started).isBetween(now - 60, now + 1))
                .jsonPath("$.uptime").value(Long.class, uptime -> assertThat(uptime).isBetween(0L, 60L))
                .jsonPath("$.latency").value(Long.class, latency -> assertThat(latency).isBetween(0L, 2_000L))
                .jsonPath("$.lastSeen").value(Long.class, seen -> assertThat(seen).isBetween(now - 60, now + 1))
                .jsonPath("$.detail").isEqualTo("connected")
                .jsonPath("$.url").isEqualTo(DB.url())
                .jsonPath("$.consecutiveFailures").isEqualTo(0)
                .jsonPath("$.config.interval").isEqualTo("100ms")
                .jsonPath("$.config.timeout").isEqualTo("1s")
                .jsonPath("$.config.retries").isEqualTo(1)
                .jsonPath("$.config.method").isEqualTo("GET")
                .jsonPath("$.config.path").isEqualTo("/")
                .jsonPath("$.config.jitter").isEqualTo("0s")
                .jsonPath("$.config.healthyThreshold").isEqualTo(1)
                .jsonPath("$.config.maxErrors").isEqualTo(5)
                .jsonPath("$.config.tlsVerify").isEqualTo(true);
    }

    @Test
    void theConfigObjectKeepsItsKeysTheirOrderAndTheirForms() {
        client.get().uri("/api/v1/health/db").exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .value(json -> assertThat(json).endsWith(",\"config\":{\"interval\":\"100ms\",\"timeout\":\"1s\","
                        + "\"path\":\"/\",\"method\":\"GET\",\"retries\":1,\"jitter\":\"0s\",\"healthyThreshold\":1,"
                        + "\"maxErrors\":5,\"expectStatus\":[],\"tlsVerify\":true,\"reuseConnection\":true,\"public\":false,\"publicDetail\":false,"
                        + "\"degradedChecks\":1,\"certificateExpiry\":[],\"dependsOn\":[]},\"maintenance\":null,"
                        + "\"held\":null}"));
    }

    @Test
    void unknownMonitorIs404WithAnError() {
        client.get().uri("/api/v1/health/nope").exchange()
                .expectStatus().isNotFound()
                .expectBody().json("{\"error\":\"no monitor named 'nope'\"}");
        client.get().uri("/api/v1/health/nope/stream").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void crossOriginCallsAreRefusedWithoutConfiguredOrigins() {
        // healthmon.api.cors is empty by default: the dashboard is served from the same origin (DESIGN section 13)
        client.get().uri("/api/v1/health").header(HttpHeaders.ORIGIN, "http://dashboard.example").exchange()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        client.options().uri("/api/v1/health/db")
                .header(HttpHeaders.ORIGIN, "http://dashboard.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .exchange()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        client.options().uri("/api/v1/monitors")
                .header(HttpHeaders.ORIGIN, "http://dashboard.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpMethod.POST.name())
                .exchange()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void theDashboardIsServedGzippedAndRevalidatedAndNothingElseOfTheClassPath() {
        // a socket of its own: WebTestClient's client takes gzip and decodes it, and drops Content-Encoding
        RawHttp.Answer page = RawHttp.send(port, "GET", "/", Map.of("Accept-Encoding", "gzip"), new byte[0],
                5_000);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers())
                .containsEntry("content-type", "text/html")
                .containsEntry("content-encoding", "gzip")
                .containsEntry("cache-control", "no-cache")
                .containsEntry("vary", "Accept-Encoding")
                .containsKeys("etag", "last-modified", "content-length");
        client.get().uri("/").header(HttpHeaders.IF_NONE_MATCH, page.headers().get("etag")).exchange()
                .expectStatus().isNotModified();
        client.get().uri("/js/app.js").header(HttpHeaders.IF_MODIFIED_SINCE, page.headers().get("last-modified"))
                .exchange()
                .expectStatus().isNotModified();
        client.get().uri("/status").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.TEXT_HTML);
        // Spring's resource handler is off: a path that is not a file of the page is the API's JSON 404
        for (String path : List.of("/js/nope.js", "/application.yml", "/static/index.html",
                "/META-INF/MANIFEST.MF")) {
            client.get().uri(path).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        }
        client.post().uri("/js/app.js").contentType(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
    }

    @Test
    void actuatorHealthIsUp() {
        client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void prometheusHasTheMetricsOfEveryMonitor() {
        String metrics = client.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(metrics)
                .contains("healthmon_monitor_status{application=\"healthmon\",monitor=\"db\",status=\"healthy\"} 1.0")
                .doesNotContain("healthmon_monitor_status{application=\"healthmon\",monitor=\"db\",status=\"unhealthy\"}")
                .contains("healthmon_monitor_status{application=\"healthmon\",monitor=\"cache\",status=\"healthy\"} 1.0")
                .contains("healthmon_monitor_consecutive_failures{application=\"healthmon\",monitor=\"db\"} 0.0")
                .contains("healthmon_monitor_latency_seconds{application=\"healthmon\",monitor=\"db\"}")
                .contains("healthmon_monitor_uptime_seconds{application=\"healthmon\",monitor=\"db\"}")
                .contains("healthmon_checks_total{application=\"healthmon\",monitor=\"db\",outcome=\"pass\"}")
                .contains("healthmon_check_latency_seconds_bucket{application=\"healthmon\",monitor=\"db\",le=")
                .contains("healthmon_sse_clients{application=\"healthmon\"}")
                .contains("healthmon_sse_resyncs_total{application=\"healthmon\"}");
    }
}
