package dev.healthmon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bounds of DESIGN section 13 on what a monitor may be: each a clear error naming the field. */
class ServiceLimitsTest {

    private static final MonitorSpecReader READER = MonitorSpecReader.create(Map.of(), Set.of());

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "interval | 1ns                   | interval 1ns is below the service's minimum 1s",
        "interval | 999ms                 | interval 999ms is below the service's minimum 1s",
        "interval | PT2562048H            | interval 106752d is too long (expected: at most 365d)",
        "interval | 99999999999d          | duration '99999999999d' is too long (expected: at most 365d)",
        "interval | 99999999999999999999  | duration '99999999999999999999' is too long",
        "interval | 366d                  | interval 366d is too long",
        "timeout  | PT2562048H            | timeout 106752d is too long",
        "timeout  | 9999999999999999999h  | is too long",
        "jitter   | 400d                  | jitter 400d is too long",
        "interval | 1.5e300s              | invalid duration",
    })
    void durationsAreBoundedAndNeverOverflow(String field, String value, String problem) {
        assertThatThrownBy(() -> READER.read(Map.of("name", "api", "url", "tcp://127.0.0.1:1", field, value)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.monitor()).isEqualTo("api");
                    assertThat(e.problem()).contains(problem);
                });
    }

    @Test
    void aYearAndTheMinimumAreAccepted() {
        MonitorSpec spec = READER.read(Map.of("name", "api", "url", "tcp://127.0.0.1:1", "interval", "365d",
                "timeout", "1s"));
        assertThat(spec.config().interval()).isEqualTo(Duration.ofDays(365));
        assertThat(READER.read(Map.of("name", "b", "url", "tcp://127.0.0.1:1", "interval", "1s")).config().interval())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theMinimumIntervalIsTheServicesWhileTheEmbeddedBuilderKeepsItsOwn() {
        MonitorSpecReader fast = MonitorSpecReader.create(Map.of(), Set.of(), Duration.ofMillis(10));
        assertThat(fast.read(Map.of("name", "api", "url", "tcp://127.0.0.1:1", "interval", "10ms")).config()
                .interval()).isEqualTo(Duration.ofMillis(10));
        assertThatThrownBy(() -> MonitorSpecReader.create(Map.of("interval", "100ms"), Set.of()))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("defaults.interval"));
        // an embedder's own choice: the core has no minimum beyond > 0
        assertThat(HealthCheckConfig.builder().interval(Duration.ofMillis(1)).build().interval())
                .isEqualTo(Duration.ofMillis(1));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "url     | 2049 | too long: ",
        "path    | 2049 | too long: ",
        "payload | 4097 | too long: 4097 characters (expected: at most 4096)",
        "expect  | 4097 | too long: 4097 characters (expected: at most 4096)",
    })
    void fieldsHaveALengthLimit(String field, int length, String problem) {
        String value = switch (field) {
            case "url" -> "tcp://127.0.0.1:1/" + "a".repeat(length - 18);
            case "path" -> "/" + "a".repeat(length - 1);
            default -> "a".repeat(length);
        };
        assertThat(value).hasSize(length);
        Map<String, Object> written = new java.util.HashMap<>(Map.of("name", "api", "url", "tcp://127.0.0.1:1"));
        written.put(field, value);
        assertThatThrownBy(() -> READER.read(written))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.problem()).contains(problem);
                });
        assertThatThrownBy(() -> READER.read(Map.of("name", "a".repeat(129), "url", "tcp://127.0.0.1:1")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void streamIsAReservedName() {
        for (String name : new String[] {"stream", "STREAM", "Stream"}) {
            assertThatThrownBy(() -> READER.read(Map.of("name", name, "url", "tcp://127.0.0.1:1")))
                    .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                        assertThat(e.field()).isEqualTo("name");
                        assertThat(e.problem()).contains("reserved");
                    });
        }
        assertThat(READER.read(Map.of("name", "streams", "url", "tcp://127.0.0.1:1")).name()).isEqualTo("streams");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "minInterval     | 0s",
        "minInterval     | soon",
        "sseWriteTimeout | -1s",
        "maxMonitors     | 0",
        "maxSseClients   | -5",
        "maxBody         | 0",
    })
    void badLimitsNameTheirField(String field, String value) {
        Limits limits = switch (field) {
            case "minInterval" -> new Limits(value, null, null, null, null);
            case "sseWriteTimeout" -> new Limits(null, null, null, value, null);
            case "maxMonitors" -> new Limits(null, Integer.valueOf(value), null, null, null);
            case "maxSseClients" -> new Limits(null, null, Integer.valueOf(value), null, null);
            default -> new Limits(null, null, null, null, Integer.valueOf(value));
        };
        assertThatThrownBy(() -> {
            limits.minIntervalValue();
            limits.sseWriteTimeoutValue();
            limits.maxMonitorsValue();
            limits.maxSseClientsValue();
            limits.maxBodyValue();
        }).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.field()).isEqualTo("limits." + field));
    }

    @Test
    void limitsHaveTheirDefaults() {
        Limits limits = Limits.defaults();
        assertThat(limits.minIntervalValue()).isEqualTo(Duration.ofSeconds(1));
        assertThat(limits.maxMonitorsValue()).isEqualTo(50_000);
        assertThat(limits.maxSseClientsValue()).isEqualTo(1_000);
        assertThat(limits.maxBodyValue()).isEqualTo(64 * 1024);
        assertThat(limits.sseWriteTimeoutValue()).isEqualTo(Duration.ofSeconds(30));
    }
}
