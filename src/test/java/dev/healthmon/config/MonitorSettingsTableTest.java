package dev.healthmon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorSettings;
import dev.healthmon.core.model.Setting;
import dev.healthmon.core.model.Target;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Every row of the settings table, walked: accepted in YAML and in JSON, shown in the monitor JSON's {@code config}
 * when it is a check setting, taken from {@code healthmon.defaults} or rejected there, and rejected with its monitor
 * and field named when invalid. A new row without a sample here fails {@link #everyRowHasASample()}.
 */
class MonitorSettingsTableTest {

    private static final Map<String, Object> MONITOR = Map.of("name", "m", "url", "tcp://127.0.0.1:1");

    private static final List<Sample> SAMPLES = List.of(
            new Sample(MonitorSettings.NAME, "api", Map.of("", "api"), "api", null, "a/b", "'a/b' (expected"),
            new Sample(MonitorSettings.URL, "tcp://127.0.0.1:5432", Map.of("", "tcp://127.0.0.1:5432"),
                    URI.create("tcp://127.0.0.1:5432"), null, "localhost:80", "'localhost:80' has no scheme"),
            new Sample(MonitorSettings.INTERVAL, 90_000, Map.of("", "1m30s"), Duration.ofSeconds(90), "1m30s", "0s",
                    "non-positive interval 0s (expected: > 0)"),
            new Sample(MonitorSettings.TIMEOUT, "1500ms", Map.of("", "1500ms"), Duration.ofMillis(1500), "1.5s",
                    "-1s", "non-positive timeout -1s"),
            new Sample(MonitorSettings.PATH, "/health", Map.of("", "/health"), "/health", "/health", "health",
                    "'health' does not start with '/'"),
            new Sample(MonitorSettings.METHOD, "head", Map.of("", "head"), "head", "HEAD", "POST",
                    "'POST' (expected: GET or HEAD)"),
            new Sample(MonitorSettings.RETRIES, 5, Map.of("", "5"), 5, 5, "three", "'three' is not a whole number"),
            new Sample(MonitorSettings.JITTER, "2s", Map.of("", "2s"), Duration.ofSeconds(2), "2s", "-1s",
                    "negative jitter -1s (expected: >= 0)"),
            new Sample(MonitorSettings.HEALTHY_THRESHOLD, 2, Map.of("", "2"), 2, 2, 0, "0 (expected: >= 1)"),
            new Sample(MonitorSettings.MAX_ERRORS, 7, Map.of("", "7"), 7, 7, "0", "0 (expected: >= 1)"),
            new Sample(MonitorSettings.EXPECT_STATUS, List.of(204, 200), Map.of("[0]", "204", "[1]", "200"),
                    Set.of(200, 204), List.of(200, 204), List.of(700), "700 is not an HTTP status"),
            new Sample(MonitorSettings.TLS_VERIFY, true, Map.of("", "true"), true, true, "maybe",
                    "'maybe' (expected: true or false)"),
            new Sample(MonitorSettings.REUSE_CONNECTION, false, Map.of("", "false"), false, false, "sometimes",
                    "'sometimes' (expected: true or false)"),
            new Sample(MonitorSettings.PAYLOAD, " PING\r\n", Map.of("", " PING\r\n"), " PING\r\n", " PING\r\n",
                    List.of("x"), "expected a single value, got a list"),
            new Sample(MonitorSettings.EXPECT, "+PONG", Map.of("", "+PONG"), "+PONG", "+PONG", Map.of("x", 1),
                    "expected a single value, got an object"),
            new Sample(MonitorSettings.GROUP, "edge", Map.of("", "edge"), "edge", "edge", "x".repeat(65),
                    "longer than 64 characters"),
            new Sample(MonitorSettings.PUBLIC, true, Map.of("", "true"), true, true, "maybe",
                    "'maybe' (expected: true or false)"),
            new Sample(MonitorSettings.PUBLIC_DETAIL, true, Map.of("", "true"), true, true, "often",
                    "'often' (expected: true or false)"),
            new Sample(MonitorSettings.DEGRADED_ABOVE, "800ms", Map.of("", "800ms"), Duration.ofMillis(800), "800ms",
                    "0s", "non-positive degradedAbove 0s"),
            new Sample(MonitorSettings.DEGRADED_CHECKS, 3, Map.of("", "3"), 3, 3, 0, "0 (expected: >= 1)"),
            new Sample(MonitorSettings.CERTIFICATE_EXPIRY, List.of("7d", "21d"), Map.of("[0]", "7d", "[1]", "21d"),
                    List.of(Duration.ofDays(7), Duration.ofDays(21)), List.of("21d", "7d"), List.of("soon"),
                    "invalid duration 'soon'"),
            new Sample(MonitorSettings.DEPENDS_ON, List.of("router"), Map.of("[0]", "router"), List.of("router"),
                    List.of("router"), List.of("a/b"), "'a/b' (expected"),
            new Sample(MonitorSettings.DOCKER, Map.of("container", "web", "host", "unix:///var/run/docker.sock"),
                    Map.of(".container", "web", ".host", "unix:///var/run/docker.sock"),
                    new Target.DockerTarget("web", URI.create("unix:///var/run/docker.sock")), null,
                    Map.of("id", "x"), "unknown field (expected: container, host)"),
            new Sample(MonitorSettings.AGENT, "https://agent.lan:8890", Map.of("", "https://agent.lan:8890"),
                    URI.create("https://agent.lan:8890"), null, "ftp://agent", "'ftp://agent' (expected: an http://"),
            new Sample(MonitorSettings.NOTIFY, List.of("chat"), Map.of("[0]", "chat"), List.of("chat"), null,
                    List.of("pager"), "unknown notification 'pager' (configured: chat)"));

    private static final MonitorSpecReader READER = MonitorSpecReader.create(Map.of(), Set.of("chat"));

    static Stream<Sample> samples() {
        return SAMPLES.stream();
    }

    @Test
    void everyRowHasASample() {
        assertThat(SAMPLES.stream().map(Sample::setting).toList())
                .containsExactlyInAnyOrderElementsOf(MonitorSettings.all());
    }

    @Test
    void everyConstantOfTheTableIsARow() throws IllegalAccessException {
        List<Object> constants = new java.util.ArrayList<>();
        for (java.lang.reflect.Field field : MonitorSettings.class.getFields()) {
            if (field.getType() == Setting.class && java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                constants.add(field.get(null));
            }
        }

        assertThat(constants).containsExactlyInAnyOrderElementsOf(MonitorSettings.all());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyRowIsAcceptedInJson(Sample sample) {
        Map<String, Object> json = monitor(sample.setting().key(), sample.json());

        assertThat(MonitorSettings.read(json).get(sample.setting())).isEqualTo(sample.written());
        assertThat(READER.read(json)).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyRowIsAcceptedInYaml(Sample sample) {
        Map<String, String> flat = new LinkedHashMap<>();
        flat.put("healthmon.monitors[0].name", "m");
        flat.put("healthmon.monitors[0].url", "tcp://127.0.0.1:1");
        sample.yaml().forEach((suffix, text) -> flat.put("healthmon.monitors[0]." + sample.setting().key() + suffix,
                text));
        HealthmonProperties properties = new Binder(new MapConfigurationPropertySource(flat))
                .bind("healthmon", HealthmonProperties.class).get();

        Map<String, Object> yaml = properties.monitors().get(0);
        assertThat(MonitorSettings.read(yaml).get(sample.setting())).isEqualTo(sample.written());
        assertThat(READER.readAll(properties.monitors())).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyCheckRowIsShownInTheConfigObjectAndNoOtherRowIs(Sample sample) {
        MonitorSpec spec = READER.read(monitor(sample.setting().key(), sample.json()));

        Map<String, Object> view = MonitorSettings.view(spec.config());
        if (sample.view() == null) {
            assertThat(view).doesNotContainKey(sample.setting().key());
        }
        else {
            assertThat(view).containsEntry(sample.setting().key(), sample.view());
        }
        assertThat(sample.setting().inConfig()).isEqualTo(sample.view() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyCheckRowIsTakenFromTheDefaultsAndNoOtherRowCanBeADefault(Sample sample) {
        Map<String, Object> defaults = Map.of(sample.setting().key(), sample.json());
        if (!sample.setting().defaultable()) {
            assertThatThrownBy(() -> MonitorSpecReader.create(defaults, Set.of("chat")))
                    .isInstanceOfSatisfying(InvalidConfigException.class,
                            e -> assertThat(e.field()).isEqualTo("defaults." + sample.setting().key()))
                    .hasMessageEndingWith("is not a default (set it on each monitor)");
            return;
        }
        MonitorSpec spec = MonitorSpecReader.create(defaults, Set.of("chat")).read(MONITOR);

        assertThat(MonitorSettings.view(spec.config())).containsEntry(sample.setting().key(), sample.view());
        assertThat(spec.config().written().get(sample.setting())).isEqualTo(sample.written());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyRowRejectsAnInvalidValueNamingMonitorAndField(Sample sample) {
        Map<String, Object> json = monitor(sample.setting().key(), sample.invalid());

        assertThatThrownBy(() -> READER.read(json))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.monitor()).isEqualTo(sample.setting() == MonitorSettings.NAME ? null : "m");
                    assertThat(e.field()).startsWith(sample.setting().key());
                    assertThat(e.problem()).startsWith(sample.problem());
                });
    }

    @Test
    void aCheckRowLeftUnsetShowsItsBuiltInDefault() {
        Map<String, Object> view = MonitorSettings.view(HealthCheckConfig.defaults());

        for (Setting<?> setting : MonitorSettings.all()) {
            assertThat(view.containsKey(setting.key()))
                    .as(setting.key())
                    .isEqualTo(setting.inConfig() && setting.defaultValue() != null);
        }
    }

    @Test
    void anUnknownKeyIsRejectedNamingEveryKeyOfTheTable() {
        assertThatThrownBy(() -> READER.read(monitor("colour", "red")))
                .hasMessage("monitor 'm': colour: unknown field (expected one of: agent, certificateExpiry, "
                        + "degradedAbove, degradedChecks, dependsOn, docker, expect, expectStatus, group, "
                        + "healthyThreshold, interval, jitter, maxErrors, method, name, notify, path, payload, public, "
                        + "publicDetail, retries, reuseConnection, timeout, tlsVerify, url)");
        assertThatThrownBy(() -> MonitorSpecReader.create(Map.of("colour", "red"), Set.of()))
                .hasMessage("defaults.colour: unknown field (expected one of: certificateExpiry, degradedAbove, "
                        + "degradedChecks, expect, expectStatus, group, healthyThreshold, interval, jitter, maxErrors, "
                        + "method, path, payload, public, publicDetail, retries, reuseConnection, timeout, tlsVerify)");
    }

    private static Map<String, Object> monitor(String key, Object value) {
        Map<String, Object> monitor = new LinkedHashMap<>(MONITOR);
        monitor.put(key, value);
        return monitor;
    }

    /**
     * One row's sample.
     *
     * @param setting the row
     * @param json its value in a decoded JSON object
     * @param yaml its flat properties as YAML turns into them, by suffix after the key
     * @param written the value read
     * @param view how the monitor JSON's config shows it, or {@code null} when it does not
     * @param invalid an invalid value
     * @param problem the start of the problem reported for it
     */
    record Sample(Setting<?> setting, Object json, Map<String, String> yaml, Object written, @Nullable Object view,
            Object invalid, String problem) {

        @Override
        public String toString() {
            return setting.key();
        }
    }
}
