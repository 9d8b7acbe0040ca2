package dev.healthmon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.InvalidConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MonitorSpecReaderTest {

    private static final MonitorSpecReader READER = MonitorSpecReader.create(
            Map.of("interval", "20s", "retries", 2, "timeout", "3s"), Set.of("ntfy", "chat"));

    @Test
    void readsEveryFieldAndAppliesDefaults() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "api");
        map.put("url", "http://localhost:8080");
        map.put("path", "/health");
        map.put("method", "head");
        map.put("interval", "1m30s");
        map.put("jitter", "0s");
        map.put("healthyThreshold", 2);
        map.put("maxErrors", "7");
        map.put("expectStatus", List.of(200, 204));
        map.put("tlsVerify", true);
        map.put("docker", Map.of("container", "web", "host", "unix:///var/run/docker.sock"));
        map.put("agent", "https://agent.lan:8890");
        map.put("notify", List.of("ntfy"));

        MonitorSpec spec = READER.read(map);

        assertThat(spec.name()).isEqualTo("api");
        assertThat(spec.target().url()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(spec.target().docker().container()).isEqualTo("web");
        assertThat(spec.target().docker().host()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
        assertThat(spec.target().agent()).isEqualTo(URI.create("https://agent.lan:8890"));
        assertThat(spec.config().interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(spec.config().timeout()).isEqualTo(Duration.ofSeconds(3));   // from the defaults
        assertThat(spec.config().retries()).isEqualTo(2);                        // from the defaults
        assertThat(spec.config().path()).isEqualTo("/health");
        assertThat(spec.config().method()).isEqualTo("HEAD");
        assertThat(spec.config().jitter()).isEqualTo(Duration.ZERO);
        assertThat(spec.config().healthyThreshold()).isEqualTo(2);
        assertThat(spec.config().maxErrors()).isEqualTo(7);
        assertThat(spec.config().expectStatus()).containsExactlyInAnyOrder(200, 204);
        assertThat(spec.config().tlsVerify()).isTrue();
        assertThat(spec.notifications()).containsExactly("ntfy");
    }

    @Test
    void unsetFieldsKeepTheSeedDefaults() {
        MonitorSpec spec = MonitorSpecReader.create(Map.of(), Set.of())
                .read(Map.of("name", "db", "url", "tcp://localhost:5432"));

        assertThat(spec.config().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.config().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.config().retries()).isEqualTo(3);
        assertThat(spec.config().method()).isEqualTo("GET");
        assertThat(spec.config().path()).isEqualTo("/");
        assertThat(spec.notifications()).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "interval         | soon         | monitor 'm': interval: invalid duration 'soon'",
            "interval         | 0s           | monitor 'm': interval: non-positive interval 0s (expected: > 0)",
            "timeout          | -5s          | monitor 'm': timeout: non-positive timeout",
            "path             | health       | monitor 'm': path: 'health' does not start with '/'",
            "method           | POST         | monitor 'm': method: 'POST' (expected: GET or HEAD)",
            "retries          | three        | monitor 'm': retries: 'three' is not a whole number",
            "healthyThreshold | 0            | monitor 'm': healthyThreshold: 0 (expected: >= 1)",
            "maxErrors        | 0            | monitor 'm': maxErrors: 0 (expected: >= 1)",
            "expectStatus     | 700          | monitor 'm': expectStatus: 700 is not an HTTP status",
            "tlsVerify        | maybe        | monitor 'm': tlsVerify: 'maybe' (expected: true or false)",
            "url              | localhost:80 | monitor 'm': url: 'localhost:80' has no scheme",
            "url              | http://a b   | monitor 'm': url: 'http://a b' is not a URL",
            "agent            | ftp://agent  | monitor 'm': agent: 'ftp://agent' (expected: an http:// or https://",
            "notify           | pager        | monitor 'm': notify: unknown notification 'pager' (configured: chat,",
            "intervall        | 5s           | monitor 'm': intervall: unknown field",
    })
    void rejectsAnInvalidFieldNamingMonitorAndField(String field, String value, String message) {
        Map<String, Object> map = new LinkedHashMap<>(Map.of("name", "m", "url", "tcp://127.0.0.1:1"));
        map.put(field, value);

        assertThatThrownBy(() -> READER.read(map))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.monitor()).isEqualTo("m");
                    assertThat(e.field()).isEqualTo(field);
                })
                .hasMessageStartingWith(message);
    }

    @Test
    void rejectsADuplicateName() {
        List<Map<String, Object>> monitors = List.of(
                Map.of("name", "db", "url", "tcp://localhost:5432"),
                Map.of("name", "db", "url", "tcp://localhost:5433"));

        assertThatThrownBy(() -> READER.readAll(monitors))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("monitor 'db': name: duplicate monitor name (names must be unique)");
    }

    @Test
    void namesAMonitorWithoutANameByItsPosition() {
        List<Map<String, Object>> monitors = List.of(
                Map.of("name", "db", "url", "tcp://localhost:5432"),
                Map.of("url", "tcp://localhost:5433"));

        assertThatThrownBy(() -> READER.readAll(monitors))
                .hasMessage("monitor 'healthmon.monitors[1]': name: missing (every monitor needs a unique name)");
    }

    @Test
    void rejectsANameThatCannotBeAPathSegment() {
        assertThatThrownBy(() -> READER.read(Map.of("name", "a/b", "url", "tcp://x:1")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void rejectsAnInvalidDefaultNamingIt() {
        assertThatThrownBy(() -> MonitorSpecReader.create(Map.of("interval", "-1s"), Set.of()))
                .hasMessage("defaults.interval: non-positive interval -1s (expected: > 0)");
        assertThatThrownBy(() -> MonitorSpecReader.create(Map.of("url", "tcp://x:1"), Set.of()))
                .hasMessage("defaults.url: is not a default (set it on each monitor)");
    }

    @Test
    void rejectsAValueOfTheWrongJsonType() {
        assertThatThrownBy(() -> READER.read(Map.of("name", "m", "interval", Map.of("s", 5))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.monitor()).isEqualTo("m");
                    assertThat(e.field()).isEqualTo("interval");
                });
        assertThatThrownBy(() -> READER.read(Map.of("name", "m", "docker", Map.of("id", "x"))))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("docker.id"));
    }

    @Test
    void aJsonNumberAndItsTextReadTheSame() {
        Map<String, Object> json = Map.of("name", "m", "url", "tcp://x:1", "interval", 5000, "retries", 4,
                "tlsVerify", true, "expectStatus", List.of(200), "notify", List.of("chat"),
                "docker", Map.of("container", "c"));
        Map<String, Object> yaml = Map.of("name", "m", "url", "tcp://x:1", "interval", "5000", "retries", "4",
                "tlsVerify", "true", "expectStatus", "200", "notify", "chat", "docker", "c");

        assertThat(READER.read(yaml)).isEqualTo(READER.read(json));
    }
}
