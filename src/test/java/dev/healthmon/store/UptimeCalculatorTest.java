package dev.healthmon.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.healthmon.core.model.HealthStatus;
import org.junit.jupiter.api.Test;

class UptimeCalculatorTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void countsExactSecondsWithAnUnmonitoredGapAndAMaintenanceSpan() {
        List<StatusChange> changes = List.of(
                StatusChange.of(at(-100), HealthStatus.HEALTHY),       // before the period: the starting status
                StatusChange.of(at(1000), HealthStatus.UNHEALTHY),
                StatusChange.of(at(1600), HealthStatus.ERROR),
                StatusChange.of(at(2000), HealthStatus.STARTING),
                StatusChange.of(at(2030), HealthStatus.HEALTHY),
                StatusChange.of(at(3000), HealthStatus.STOPPED));
        List<ServiceRun> runs = List.of(
                new ServiceRun(1, at(-500), at(1500), null),            // died: last alive at 1500
                new ServiceRun(2, at(2000), at(3600), null));
        List<MaintenanceSpan> maintenance = List.of(MaintenanceSpan.of("api", at(2500), at(2700), ""));

        UptimeCalculator.Tally tally = UptimeCalculator.tally(
                UptimeCalculator.timeline(at(0), at(3600), changes, maintenance, runs));

        assertThat(tally.seconds(SpanKind.UP)).isEqualTo(1000 + 470 + 300);
        assertThat(tally.seconds(SpanKind.DOWN)).isEqualTo(500);
        assertThat(tally.seconds(SpanKind.UNMONITORED)).isEqualTo(500);
        assertThat(tally.seconds(SpanKind.MAINTENANCE)).isEqualTo(200);
        assertThat(tally.seconds(SpanKind.IDLE)).isEqualTo(30);
        assertThat(tally.seconds(SpanKind.STOPPED)).isEqualTo(600);
        assertThat(tally.uptime()).isEqualTo(1770.0 / 2270);
    }

    @Test
    void aPeriodBeforeTheFirstTransitionHasNoDataAndNoUptime() {
        List<TimelineSpan> spans = UptimeCalculator.timeline(at(0), at(100),
                List.of(StatusChange.of(at(60), HealthStatus.STARTING)), List.of(), List.of());
        assertThat(spans).containsExactly(new TimelineSpan(at(0), at(60), SpanKind.NO_DATA, null),
                new TimelineSpan(at(60), at(100), SpanKind.IDLE, HealthStatus.STARTING));
        assertThat(UptimeCalculator.tally(spans).uptime()).isNull();
    }

    @Test
    void aRunThatEndedCleanlyLeavesTheRestUnmonitored() {
        List<TimelineSpan> spans = UptimeCalculator.timeline(at(0), at(100),
                List.of(StatusChange.of(at(0), HealthStatus.UNHEALTHY)), List.of(),
                List.of(new ServiceRun(1, at(0), at(40), at(40))));
        UptimeCalculator.Tally tally = UptimeCalculator.tally(spans);
        assertThat(tally.seconds(SpanKind.DOWN)).isEqualTo(40);
        assertThat(tally.seconds(SpanKind.UNMONITORED)).isEqualTo(60);
        assertThat(tally.uptime()).isEqualTo(0.0);
    }
}
