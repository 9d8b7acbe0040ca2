package dev.healthmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorSnapshot;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The monitor JSON, byte for byte: its {@code config} object keeps the keys, their order and their forms. */
class MonitorViewTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void configShowsEveryCheckFieldInOrderWithDurationsAsWritten() {
        String json = JSON.writeValueAsString(MonitorView.of(snapshot(HealthCheckConfig.builder()
                .interval(Duration.ofSeconds(90)).timeout(Duration.ofMillis(1500)).build())));

        assertThat(json).endsWith(",\"config\":{\"interval\":\"1m30s\",\"timeout\":\"1.5s\",\"path\":\"/\","
                + "\"method\":\"GET\",\"retries\":3,\"jitter\":\"10s\",\"healthyThreshold\":1,\"maxErrors\":5,"
                + "\"expectStatus\":[],\"tlsVerify\":false,\"reuseConnection\":true}}");
    }

    @Test
    void configShowsPayloadAndExpectOnlyWhenSet() {
        String json = JSON.writeValueAsString(MonitorView.of(snapshot(HealthCheckConfig.builder()
                .path("/health").method("head").retries(-1).jitter(Duration.ZERO).healthyThreshold(2).maxErrors(7)
                .expectStatus(Set.of(204, 200)).tlsVerify(true).payload("PING\r\n").expect("+PONG").build())));

        assertThat(json).endsWith(",\"config\":{\"interval\":\"30s\",\"timeout\":\"10s\",\"path\":\"/health\","
                + "\"method\":\"HEAD\",\"retries\":-1,\"jitter\":\"0s\",\"healthyThreshold\":2,\"maxErrors\":7,"
                + "\"expectStatus\":[200,204],\"tlsVerify\":true,\"reuseConnection\":true,"
                + "\"payload\":\"PING\\r\\n\",\"expect\":\"+PONG\"}}");
    }

    private static MonitorSnapshot snapshot(HealthCheckConfig config) {
        return new MonitorSnapshot("api", HealthStatus.HEALTHY, Instant.ofEpochSecond(1_764_000_000),
                Duration.ofSeconds(42), Duration.ofMillis(3), Instant.ofEpochSecond(1_764_000_040), "HTTP 200 OK",
                URI.create("http://127.0.0.1:8080"), 0, config);
    }
}
