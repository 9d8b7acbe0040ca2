package dev.healthmon.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HealthStatusTest {

    @Test
    void goodBadAndIdlingAreTheSeeds() {
        assertThat(HealthStatus.values()).filteredOn(HealthStatus::isGood)
                .containsExactly(HealthStatus.STARTING, HealthStatus.HEALTHY, HealthStatus.DEGRADED,
                        HealthStatus.NAPPING);
        assertThat(HealthStatus.values()).filteredOn(HealthStatus::isBad)
                .containsExactly(HealthStatus.UNHEALTHY, HealthStatus.ERROR);
        assertThat(HealthStatus.values()).filteredOn(HealthStatus::isIdling)
                .containsExactly(HealthStatus.STARTING, HealthStatus.NAPPING);
    }

    @ParameterizedTest
    @EnumSource(HealthStatus.class)
    void lowercaseNamesRoundTrip(HealthStatus status) {
        assertThat(status.toString()).isLowerCase();
        assertThat(HealthStatus.parse(status.toString())).isSameAs(status);
        assertThat(HealthStatus.parse(status.name())).isSameAs(status);
    }

    @Test
    void unknownTextIsRefused() {
        assertThatThrownBy(() -> HealthStatus.parse("sleepy")).hasMessage("unknown health status: sleepy");
    }
}
