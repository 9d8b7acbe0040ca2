package dev.healthmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import dev.healthmon.core.model.MonitorEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The SSE {@code maintenance} event: a monitor entering or leaving a window. */
class MaintenanceEventTest {

    @Test
    void enteringAWindowIsAMaintenanceEvent() {
        MonitorEvent entered = new MonitorEvent.Maintenance("api", "nightly", Instant.ofEpochSecond(1_764_000_000),
                Instant.ofEpochSecond(1_764_003_600), true, Instant.ofEpochSecond(1_764_000_000));

        assertThat(EventViews.name(entered)).isEqualTo("maintenance");
        assertThat(JsonMapper.builder().build().writeValueAsString(EventViews.of(entered))).isEqualTo(
                "{\"name\":\"api\",\"window\":\"nightly\",\"active\":true,\"from\":1764000000,\"until\":1764003600,"
                        + "\"time\":1764000000}");
    }
}
