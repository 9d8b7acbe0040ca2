package dev.healthmon.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ConfigMapTest {

    @Test
    void readsNumbersAndBooleansAsDecodedWithoutGoingThroughText() {
        ConfigMap in = ConfigMap.of("", Map.of("retries", 3, "big", 5_000_000_000L, "tlsVerify", true));

        assertThat(in.integer("retries")).isEqualTo(3);
        assertThat(in.bool("tlsVerify")).isTrue();
        assertThatThrownBy(() -> in.integer("big"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("big: '5000000000' is out of range");
    }

    @Test
    void readsTheSameValuesFromText() {
        ConfigMap in = ConfigMap.of("", Map.of("retries", " 3 ", "tlsVerify", "FALSE", "interval", "1m30s"));

        assertThat(in.integer("retries")).isEqualTo(3);
        assertThat(in.bool("tlsVerify")).isFalse();
        assertThat(in.duration("interval")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void namesTheKeyBehindThePrefixInEveryError() {
        ConfigMap in = ConfigMap.of("notifications.ntfy.", Map.of("timeout", "0s", "queue", "x", "url", "ftp://h"));

        assertThatThrownBy(() -> in.positiveDuration("timeout"))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("notifications.ntfy.timeout"))
                .hasMessageContaining("non-positive timeout 0s (expected: > 0)");
        assertThatThrownBy(() -> in.integer("queue", 100, 1, 10))
                .hasMessageContaining("notifications.ntfy.queue: invalid queue 'x' (expected: an integer from 1 to 10)");
        assertThatThrownBy(() -> in.httpUrl("url", null)).hasMessageContaining("invalid url 'ftp://h'");
        assertThatThrownBy(() -> in.required("topic")).hasMessageContaining("notifications.ntfy.topic: missing topic");
        assertThatThrownBy(() -> in.allowOnly(Set.of("url"), "provider ntfy"))
                .hasMessageContaining("notifications.ntfy.queue: not a setting of provider ntfy (expected one of: url)");
    }

    @Test
    void undoesTheIndexKeyedMapsSpringBindsListsToAtAnyDepth() {
        Map<String, Object> tags = new java.util.HashMap<>();
        for (int i = 0; i <= 10; i++) {
            tags.put(Integer.toString(i), String.valueOf((char) ('a' + i)));
        }
        Map<String, Object> bound = Map.of("tags", tags, "nested", Map.of("list", Map.of("0", Map.of("x", "1"))));

        Map<String, Object> normal = ConfigMap.normalize(bound);

        assertThat(normal.get("tags")).isEqualTo(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"));
        assertThat(normal.get("nested")).isEqualTo(Map.of("list", List.of(Map.of("x", "1"))));
        assertThat(ConfigMap.of("", bound).list("tags")).hasSize(11).startsWith("a", "b", "c");
    }

    @Test
    void readsAListFromAListOrCommaSeparatedText() {
        ConfigMap in = ConfigMap.of("", Map.of("a", List.of("x", 2), "b", "x, y", "c", List.of(List.of("x"))));

        assertThat(in.list("a")).containsExactly("x", "2");
        assertThat(in.list("b")).containsExactly("x", "y");
        assertThat(in.list("missing")).isEmpty();
        assertThatThrownBy(() -> in.list("c")).hasMessageContaining("c: expected a list of values, got an item "
                + "that is a list");
    }

    @Test
    void readsWholeNumbersOfAListAndAnEmptyListAsSpringBindsIt() {
        ConfigMap in = ConfigMap.of("", Map.of("codes", List.of(200, "204"), "one", "503", "empty", "",
                "bad", List.of("2xx")));

        assertThat(in.integers("codes")).containsExactly(200, 204);
        assertThat(in.integers("one")).containsExactly(503);
        assertThat(in.list("empty")).isEmpty();
        assertThat(in.integers("missing")).isEmpty();
        assertThatThrownBy(() -> in.integers("bad")).hasMessage("bad: '2xx' is not a whole number");
    }

    @Test
    void readsVerbatimTextUntrimmed() {
        ConfigMap in = ConfigMap.of("", Map.of("payload", " PING\r\n", "number", 5, "list", List.of("x")));

        assertThat(in.verbatim("payload")).isEqualTo(" PING\r\n");
        assertThat(in.verbatim("number")).isEqualTo("5");
        assertThat(in.verbatim("missing")).isNull();
        assertThatThrownBy(() -> in.verbatim("list")).hasMessage("list: expected a single value, got a list");
    }

    @Test
    void readsANestedObjectWithItsKeyInTheErrors() {
        ConfigMap in = ConfigMap.of("", Map.of("docker", Map.of("container", "web", "host", 5), "flat", "x"));

        ConfigMap docker = in.object("docker");

        assertThat(docker).isNotNull();
        assertThat(docker.text("container")).isEqualTo("web");
        assertThatThrownBy(() -> docker.allowOnly(Set.of("container"), "docker"))
                .hasMessageContaining("docker.host: not a setting of docker");
        assertThatThrownBy(() -> in.object("flat")).hasMessageContaining("flat: expected an object, got string");
    }
}
