package dev.healthmon.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthCheckConfigTest {

    @Test
    void builtInDefaultsAreTheSeeds() {
        HealthCheckConfig config = HealthCheckConfig.defaults();

        assertThat(config.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.method()).isEqualTo("GET");
        assertThat(config.path()).isEqualTo("/");
        assertThat(config.retries()).isEqualTo(3);
        assertThat(config.jitter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.healthyThreshold()).isEqualTo(1);
        assertThat(config.maxErrors()).isEqualTo(5);
        assertThat(config.tlsVerify()).isTrue();
        assertThat(config.expectStatus()).isEmpty();
    }

    @Test
    void applyDefaultsFillsOnlyWhatIsUnset() {
        HealthCheckConfig global = HealthCheckConfig.builder().interval(Duration.ofMinutes(1)).timeout(
                Duration.ofSeconds(3)).retries(5).path("/healthz").tlsVerify(true).build();
        HealthCheckConfig own = HealthCheckConfig.builder().interval(Duration.ofSeconds(15)).method("head").build();

        HealthCheckConfig effective = own.applyDefaults(global);

        assertThat(effective.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(effective.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(effective.retries()).isEqualTo(5);
        assertThat(effective.path()).isEqualTo("/healthz");
        assertThat(effective.method()).isEqualTo("HEAD");
        assertThat(effective.tlsVerify()).isTrue();
        assertThat(effective.maxErrors()).isEqualTo(5);
    }

    @Test
    void zeroRetriesTakeTheGlobalThenTheBuiltInDefault() {
        HealthCheckConfig zero = HealthCheckConfig.builder().retries(0).build();

        assertThat(zero.applyDefaults(HealthCheckConfig.builder().retries(-1).build()).retries()).isEqualTo(-1);
        assertThat(zero.applyDefaults(HealthCheckConfig.defaults()).retries()).isEqualTo(3);
        assertThat(HealthCheckConfig.builder().retries(-1).build().failureThreshold()).isEqualTo(1);
    }

    @Test
    void zeroRetriesMeanUnsetWhereverSettingsAreWritten() {
        assertThat(HealthCheckConfig.builder().retries(0).build().written()).isEqualTo(MonitorSettings.empty());
        assertThat(MonitorSettings.read(java.util.Map.of("retries", 0)).get(MonitorSettings.RETRIES)).isNull();
        assertThat(HealthCheckConfig.builder().retries(5).build().withRetries(0).retries()).isEqualTo(3);
        assertThatThrownBy(() -> new HealthCheckConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), "/", "GET", 0,
                Duration.ZERO, 1, 1, Set.of(), false, true, null, null, null, false, null, 1, List.of(), List.of(),
                MonitorSettings.empty()))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("retries"));
    }

    @Test
    void copiesKeepWhatWasWrittenSoDefaultsStillApplyToTheRest() {
        HealthCheckConfig own = HealthCheckConfig.builder().path("/health").build()
                .withRetries(5).withInterval(Duration.ofSeconds(20)).withTimeout(Duration.ofSeconds(2));
        HealthCheckConfig global = HealthCheckConfig.builder().method("HEAD").retries(1).build();

        HealthCheckConfig effective = own.applyDefaults(global);

        assertThat(effective.path()).isEqualTo("/health");
        assertThat(effective.retries()).isEqualTo(5);
        assertThat(effective.interval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(effective.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(effective.method()).isEqualTo("HEAD");
        assertThat(effective.written().get(MonitorSettings.JITTER)).isNull();
    }

    @Test
    void theValuesInEffectAreTheComponents() {
        HealthCheckConfig config = new HealthCheckConfig(Duration.ofSeconds(4), Duration.ofSeconds(1), "/h", " head ",
                -1, Duration.ofSeconds(9), 2, 3, Set.of(503), true, false, "PING", "PONG", " ops ", true, null, 1, List.of(),
                List.of(), MonitorSettings.empty());

        assertThat(config.group()).isEqualTo("ops");
        assertThat(config.method()).isEqualTo("HEAD");
        assertThat(config.jitter()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.failureThreshold()).isEqualTo(1);
        assertThat(config.accepts(503)).isTrue();
        assertThat(config).isEqualTo(new HealthCheckConfig(Duration.ofSeconds(4), Duration.ofSeconds(1), "/h", "HEAD",
                -1, Duration.ofSeconds(4), 2, 3, Set.of(503), true, false, "PING", "PONG", "ops", true, null, 1, List.of(),
                List.of(), MonitorSettings.empty()));
    }

    @Test
    void aGroupIsTrimmedAndNeitherEmptyNorOverlong() {
        assertThat(HealthCheckConfig.builder().group("  edge ").build().group()).isEqualTo("edge");
        assertThat(HealthCheckConfig.builder().build().group()).isNull();
        assertThat(HealthCheckConfig.builder().build().listedPublicly()).isFalse();
        for (String bad : new String[] {" ", "x".repeat(65), "a\nb"}) {
            assertThatThrownBy(() -> HealthCheckConfig.builder().group(bad).build())
                    .isInstanceOfSatisfying(InvalidConfigException.class,
                            e -> assertThat(e.field()).isEqualTo("group"));
        }
    }

    @Test
    void jitterIsNeverMoreThanTheInterval() {
        HealthCheckConfig config = HealthCheckConfig.builder().interval(Duration.ofSeconds(4)).build();

        assertThat(config.jitter()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.toBuilder().jitter(Duration.ofSeconds(1)).build().jitter()).isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "interval | 0s | interval: non-positive interval 0s (expected: > 0)",
        "interval | -5s | interval: non-positive interval -5s (expected: > 0)",
        "timeout | 0s | timeout: non-positive timeout 0s (expected: > 0)",
        "path | health | path: 'health' does not start with '/'",
        "method | POST | method: 'POST' (expected: GET or HEAD)",
        "jitter | -1s | jitter: negative jitter -1s (expected: >= 0)",
        "healthyThreshold | 0 | healthyThreshold: 0 (expected: >= 1)",
        "maxErrors | 0 | maxErrors: 0 (expected: >= 1)",
        "expectStatus | 700 | expectStatus: 700 is not an HTTP status (expected: 100-599)"})
    void invalidValuesNameTheField(String field, String value, String message) {
        HealthCheckConfig.Builder builder = HealthCheckConfig.builder();
        switch (field) {
            case "interval" -> builder.interval(Durations.parse(value));
            case "timeout" -> builder.timeout(Durations.parse(value));
            case "path" -> builder.path(value);
            case "method" -> builder.method(value);
            case "jitter" -> builder.jitter(Durations.parse(value));
            case "healthyThreshold" -> builder.healthyThreshold(Integer.parseInt(value));
            case "maxErrors" -> builder.maxErrors(Integer.parseInt(value));
            default -> builder.expectStatus(Set.of(Integer.parseInt(value)));
        }

        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.forMonitor("api").getMessage()).isEqualTo("monitor 'api': " + message);
                })
                .hasMessage(message);
    }

    @Test
    void acceptsBelow500UnlessExpectStatusIsSet() {
        assertThat(HealthCheckConfig.defaults().accepts(404)).isTrue();
        assertThat(HealthCheckConfig.defaults().accepts(503)).isFalse();
        HealthCheckConfig strict = HealthCheckConfig.builder().expectStatus(Set.of(200, 204)).build();
        assertThat(strict.accepts(204)).isTrue();
        assertThat(strict.accepts(301)).isFalse();
    }
}
