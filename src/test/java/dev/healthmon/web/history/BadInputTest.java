package dev.healthmon.web.history;

import static dev.healthmon.web.history.HistoryFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/** Bad input gets 400 naming the field, an unknown monitor 404, a down store 503, and nothing ever a 5xx. */
class BadInputTest {

    static final List<String> ENDPOINTS = List.of("/api/v1/monitors/api/uptime", "/api/v1/uptime",
            "/api/v1/monitors/api/history", "/api/v1/monitors/api/incidents", "/api/v1/badges/api/status.svg",
            "/api/v1/badges/api/uptime.svg", "/api/v1/badges/api/latency.svg", "/api/v1/metrics/uptime");
    static final List<String> PARAMETERS = List.of("window", "from", "to", "step", "limit", "offset", "period",
            "keyword");
    static final List<String> HOSTILE = List.of("-1", "-99999999999", "0", "99999999999999999999",
            "9223372036854775807", "253402300800", "1e9", "1.5", "0x10", "NaN", "abc", "", " ", "\u0000",
            "\u0661\u0662", "1m1", "1 h", "\uD83D\uDE00", "<script>", "'; DROP TABLE transitions; --",
            "9".repeat(5000), "1h".repeat(1000));

    @TempDir
    static Path dir;

    static HistoryFixture fixture;

    @BeforeAll
    static void open() {
        fixture = HistoryFixture.create(dir);
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
        "/api/v1/monitors/api/uptime?window=2h                  | window",
        "/api/v1/monitors/api/uptime?window=                    | window",
        "/api/v1/monitors/api/uptime?window=1h&from=0           | window",
        "/api/v1/monitors/api/uptime?from=abc                   | from",
        "/api/v1/monitors/api/uptime?from=-5                    | from",
        "/api/v1/monitors/api/uptime?from=                      | from",
        "/api/v1/monitors/api/uptime?to=99999999999999999999    | to",
        "/api/v1/monitors/api/uptime?to=253402300800            | to",
        "/api/v1/monitors/api/uptime?from=10&to=5               | from",
        "/api/v1/monitors/api/uptime?from=0                     | from",
        "/api/v1/monitors/api/uptime?from=0&to=1900000000       | to",
        "/api/v1/uptime?window=8d                               | window",
        "/api/v1/uptime/daily?days=0                            | days",
        "/api/v1/uptime/daily?days=366                          | days",
        "/api/v1/monitors/api/history?step=0                    | step",
        "/api/v1/monitors/api/history?step=30s                  | step",
        "/api/v1/monitors/api/history?step=1w                   | step",
        "/api/v1/monitors/api/history?step=99999d               | step",
        "/api/v1/monitors/api/history?window=365d&step=1m       | step",
        "/api/v1/monitors/api/incidents?limit=0                 | limit",
        "/api/v1/monitors/api/incidents?limit=abc               | limit",
        "/api/v1/monitors/api/incidents?limit=10001             | limit",
        "/api/v1/badges/api/uptime.svg?window=bogus             | window",
        "/api/v1/badges/api/latency.svg?from=1&to=0             | from",
        "/api/v1/metrics/uptime?period=2h                       | period",
        "/api/v1/metrics/uptime?period=1h&limit=-1              | limit",
        "/api/v1/metrics/uptime?period=1h&limit=100001          | limit",
        "/api/v1/metrics/uptime?period=1h&offset=x              | offset",
        "/api/v1/metrics/uptime?offset=99999999999              | offset",
    })
    void badInputGets400NamingTheField(String uri, String field) {
        JsonNode error = error(uri, 400);

        assertThat(error.get("field").asString()).isEqualTo(field);
        assertThat(error.get("error").asString()).startsWith(field + ": ");
    }

    @Test
    void everyMonitorEndpointAnswers404ForANameThatIsNeitherLiveNorStored() {
        for (String endpoint : ENDPOINTS) {
            if (!endpoint.contains("/api/")) {
                continue;
            }
            if (endpoint.contains("/api/v1/monitors/api/") || endpoint.contains("/badges/api/")) {
                JsonNode error = error(endpoint.replace("/api/v1/monitors/api/", "/api/v1/monitors/nobody/")
                        .replace("/badges/api/", "/badges/nobody/"), 404);
                assertThat(error.get("error").asString()).isEqualTo("no monitor named 'nobody'");
            }
        }
    }

    static Stream<Arguments> hostileInput() {
        List<Arguments> cases = new ArrayList<>();
        for (String endpoint : ENDPOINTS) {
            for (String parameter : PARAMETERS) {
                cases.add(Arguments.of(endpoint, parameter));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}?{1}=...")
    @MethodSource("hostileInput")
    void hostileValuesNeverGetA5xx(String endpoint, String parameter) {
        for (String value : HOSTILE) {
            EntityExchangeResult<byte[]> result = fixture.client.get()
                    .uri(builder -> builder.path(endpoint).queryParam(parameter, "{value}").build(value))
                    .exchange()
                    .expectBody().returnResult();

            int status = result.getStatus().value();
            assertThat(status).as("%s?%s=%s", endpoint, parameter, value).isIn(200, 400);
            if (status == 400) {
                JsonNode error = HistoryFixture.JSON.readTree(result.getResponseBody());
                assertThat(error.get("field").asString()).as("%s?%s=%s", endpoint, parameter, value)
                        .isEqualTo(parameter);
            }
        }
    }

    @Test
    void aStoreThatIsDownGets503WithAJsonError(@TempDir Path elsewhere) {
        HistoryFixture down = HistoryFixture.empty(elsewhere);
        down.close();

        List<String> uris = new ArrayList<>(ENDPOINTS);
        uris.add("/api/v1/monitors/nobody/uptime");
        uris.add("/api/v1/metrics/uptime?period=1h");
        for (String uri : uris) {
            if (uri.equals("/api/v1/metrics/uptime") || uri.endsWith("status.svg")) {
                // the live status alone: no store involved
                down.client.get().uri(uri).exchange().expectStatus().isOk();
                continue;
            }
            down.client.get().uri(uri).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                    .expectBody().json("{\"error\":\"history store unavailable\"}", true);
        }
    }

    @Test
    void theLongestRangeIsTwoYears() {
        long to = NOW.getEpochSecond();
        fixture.client.get().uri("/api/v1/monitors/api/uptime?from=" + (to - 730 * 86_400L) + "&to=" + to)
                .exchange()
                .expectStatus().isOk();
        JsonNode error = error("/api/v1/monitors/api/uptime?from=" + (to - 730 * 86_400L - 1) + "&to=" + to, 400);
        assertThat(error.get("field").asString()).isEqualTo("to");
    }

    private static JsonNode error(String uri, int status) {
        byte[] body = fixture.client.get().uri(uri).exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        return HistoryFixture.JSON.readTree(body);
    }
}
