package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.healthmon.core.model.MonitorSettings;
import dev.healthmon.core.model.Setting;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The fault suite's bad input and SSRF parts (issue 12), against the real service on loopback: every management
 * endpoint and every monitor field gets malformed, oversized, overflowing and hostile values. It counts the
 * answers; none may be a 5xx, and the monitors (names, instances, start times) must be exactly as before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.location=classpath:/application.yml,classpath:/e2e.yml",
                "healthmon.defaults.interval=1s", "healthmon.limits.minInterval=1s",
                "healthmon.egress.deny[0]=127.0.0.2/32"})
class FaultSuiteTest {

    private static final LocalTarget TARGET = LocalTarget.start();
    private static final List<Object> HOSTILE = hostileValues();

    @LocalServerPort
    int port;

    @Autowired
    MonitorRegistry registry;

    @DynamicPropertySource
    static void monitors(DynamicPropertyRegistry properties) {
        properties.add("healthmon.monitors[0].name", () -> "db");
        properties.add("healthmon.monitors[0].url", TARGET::url);
    }

    @AfterAll
    static void stopTarget() {
        TARGET.close();
    }

    @Test
    void badInputOnEveryEndpointAndFieldIsA4xxAndChangesNothing() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        Map<String, Object> before = state();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int requests = 0;
        int valid = 0;

        // every field of a created or replaced monitor, each hostile value
        for (Setting<?> setting : MonitorSettings.all()) {
            for (Object value : HOSTILE) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", "fault");
                body.put("url", TARGET.url());
                body.put(setting.key(), value);
                if (setting.key().equals("name") && value instanceof String text && !text.isBlank()
                        && text.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") && !text.equalsIgnoreCase("stream")) {
                    continue;
                }
                int created = send(client, HttpMethod.POST, "/api/v1/monitors", json(body));
                body.remove("name");
                int replaced = send(client, HttpMethod.PUT, "/api/v1/monitors/fault", json(body));
                requests += 2;
                if (created < 300 || replaced < 300) {
                    // a value that is valid for this field (retries -1, tlsVerify true): not bad input
                    valid++;
                    send(client, HttpMethod.DELETE, "/api/v1/monitors/fault", null);
                    if (setting.key().equals("name") && created < 300) {
                        // a number is a name too, written as its digits
                        send(client, HttpMethod.DELETE, "/api/v1/monitors/" + java.net.URLEncoder.encode(
                                String.valueOf(value), java.nio.charset.StandardCharsets.UTF_8), null);
                    }
                    continue;
                }
                count(statuses, created);
                count(statuses, replaced);
            }
        }
        // malformed, oversized, hostile bodies and paths
        List<String> bodies = List.of("", "{", "[]", "\"x\"", "null", "{\"name\":", "{\"a\":" + "[".repeat(5000),
"{\"name\":\"x\",\"name\":\"y\"}", "\u0000\u0001",
                "{\"name\":\"x\",\"url\":{\"$ne\":1}}", "{\"__proto__\":{\"a\":1}}");
        for (String body : bodies) {
            count(statuses, send(client, HttpMethod.POST, "/api/v1/monitors", body));
            count(statuses, send(client, HttpMethod.PUT, "/api/v1/monitors/db", body));
            requests += 2;
        }
        // SSRF: what the API may not use, each a 400 naming its field
        List<Map<String, Object>> ssrf = List.of(
                Map.of("name", "f", "url", "file:///etc/passwd"),
                Map.of("name", "d", "url", TARGET.url(), "docker", Map.of("container", "x", "host",
                        "tcp://127.0.0.2:2375")),
                Map.of("name", "a", "url", TARGET.url(), "agent", "http://127.0.0.2:8890"),
                Map.of("name", "p", "url", "tcp://127.0.0.1:1", "payload", "GET / HTTP/1.0\r\n\r\n"),
                Map.of("name", "e", "url", "tcp://127.0.0.1:1", "expect", "root:"));
        int ssrfRefused = 0;
        for (Map<String, Object> body : ssrf) {
            int status = send(client, HttpMethod.POST, "/api/v1/monitors", json(body));
            count(statuses, status);
            requests++;
            ssrfRefused += status == 400 ? 1 : 0;
        }

        long serverErrors = statuses.entrySet().stream().filter(e -> e.getKey() >= 500)
                .mapToLong(Map.Entry::getValue).sum();
        long accepted = statuses.entrySet().stream().filter(e -> e.getKey() < 300)
                .mapToLong(Map.Entry::getValue).sum();
        System.out.println("FAULT-SUITE bad input: " + requests + " requests (" + valid + " field values turned out "
                + "valid and were removed again), by status " + statuses
                + ", 5xx: " + serverErrors + ", 2xx: " + accepted + ", SSRF refused: " + ssrfRefused + "/"
                + ssrf.size());
        assertThat(serverErrors).isZero();
        assertThat(accepted).isZero();
        assertThat(ssrfRefused).isEqualTo(ssrf.size());
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aMonitorOnADeniedAddressFailsWithoutConnecting() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        client.post().uri("/api/v1/monitors").header("Content-Type", "application/json")
                .bodyValue(Map.of("name", "denied", "url", "http://127.0.0.2:" + TARGET.port(), "retries", -1))
                .exchange()
                .expectStatus().isCreated();
        try {
            HealthMonitor monitor = registry.get("denied").orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!"denied by egress policy".equals(monitor.detail()) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(monitor.detail()).isEqualTo("denied by egress policy");
        }
        finally {
            client.delete().uri("/api/v1/monitors/denied").header("Content-Type", "application/json").exchange();
        }
    }

    private Map<String, Object> state() {
        Map<String, Object> state = new TreeMap<>();
        for (HealthMonitor monitor : registry.monitors()) {
            Instant started = monitor.snapshot().started();
            state.put(monitor.name(), List.of(System.identityHashCode(monitor), started, monitor.config()));
        }
        return state;
    }

    // the JDK's client, off Reactor's threads: a 70 KB body is encoded where blocking is allowed
    private static final java.net.http.HttpClient JDK = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    private int send(WebTestClient client, HttpMethod method, String uri, String body) {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder()
                .uri(java.net.URI.create("http://127.0.0.1:" + port + uri))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method.name(), body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return JDK.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (java.io.IOException e) {
            throw new AssertionError(method + " " + uri + ": " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void count(Map<Integer, Integer> statuses, int status) {
        statuses.merge(status, 1, Integer::sum);
    }

    private static String json(Map<String, Object> body) {
        try {
            return tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(body);
        }
        catch (RuntimeException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Object> hostileValues() {
        List<Object> values = new ArrayList<>();
        values.add("");
        values.add(" ");
        values.add("x".repeat(5000));
        values.add("PT2562048H");
        values.add("99999999999d");
        values.add("99999999999999999999");
        values.add("1ns");
        values.add("-1s");
        values.add("0");
        values.add(-1);
        values.add(Long.MAX_VALUE);
        values.add(Double.MAX_VALUE);
        values.add(1e300);
        values.add(new java.math.BigInteger("9".repeat(400)));
        values.add(true);
        values.add(List.of());
        values.add(List.of(1, "two", List.of(3)));
        values.add(Map.of("a", Map.of("b", "c")));
        values.add("\u0000\r\n<script>alert(1)</script>");
        values.add("gopher://127.0.0.1:70/x");
        values.add("file:///etc/shadow");
        values.add("http://user:pass@127.0.0.2:1/?token=x");
        values.add("stream");
        return values;
    }
}
