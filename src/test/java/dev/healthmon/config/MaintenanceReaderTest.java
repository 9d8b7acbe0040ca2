package dev.healthmon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import dev.healthmon.core.machine.MaintenanceRule;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.Maintenance;
import org.junit.jupiter.api.Test;

/** healthmon.maintenance: each window read, and each mistake named by window and field. */
class MaintenanceReaderTest {

    @Test
    void readsAWindowForSomeMonitorsOrAll() {
        List<Maintenance> windows = MaintenanceReader.read(List.of(
                Map.of("name", "nightly", "cron", "0 0 2 * * *", "duration", "1h", "zone", "Europe/Paris",
                        "monitors", List.of("api", "db")),
                Map.of("name", "sunday", "cron", "0 0 4 * * SUN", "duration", "30m", "monitors", "all"),
                Map.of("name", "edge", "cron", "0 0 3 * * *", "duration", "2h", "groups", List.of("edge"))));

        assertThat(windows).extracting(Maintenance::name).containsExactly("nightly", "sunday", "edge");
        assertThat(windows.get(0).zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(windows.get(0).appliesTo("api", null)).isTrue();
        assertThat(windows.get(0).appliesTo("web", null)).isFalse();
        assertThat(windows.get(1).appliesTo("anything", null)).isTrue();
        assertThat(windows.get(1).zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(windows.get(2).appliesTo("x", "edge")).isTrue();
        assertThat(MaintenanceRule.active(windows.get(0), Instant.parse("2026-06-02T00:30:00Z")))
                .isNotNull()
                .satisfies(open -> assertThat(open.until()).isEqualTo(Instant.parse("2026-06-02T01:00:00Z")));
        assertThat(windows.get(2).duration()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void mistakesNameTheWindowAndTheField() {
        assertThatThrownBy(() -> MaintenanceReader.read(List.of(Map.of("name", "n", "cron", "every night",
                "duration", "1h", "monitors", "all"))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("maintenance[0].cron");
                    assertThat(e.problem()).startsWith("window 'n': invalid cron 'every night'");
                });
        assertThatThrownBy(() -> MaintenanceReader.read(List.of(Map.of("name", "n", "cron", "0 0 2 * * *",
                "duration", "1h", "zone", "Mars/Olympus", "monitors", "all"))))
                .hasMessageContaining("maintenance[0].zone").hasMessageContaining("unknown zone 'Mars/Olympus'");
        assertThatThrownBy(() -> MaintenanceReader.read(List.of(Map.of("name", "n", "cron", "0 0 2 * * *",
                "monitors", "all"))))
                .hasMessageContaining("maintenance[0].duration");
        assertThatThrownBy(() -> MaintenanceReader.read(List.of(Map.of("name", "n", "cron", "0 0 2 * * *",
                "duration", "1h"))))
                .hasMessageContaining("applies to nothing");
        assertThatThrownBy(() -> MaintenanceReader.read(List.of(Map.of("name", "n", "cron", "0 0 2 * * *",
                "duration", "1h", "monitors", "all", "colour", "red"))))
                .hasMessageContaining("colour");
    }
}
