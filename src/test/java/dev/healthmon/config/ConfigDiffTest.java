package dev.healthmon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ConfigDiffTest {

    private static final MonitorSpecReader READER = MonitorSpecReader.create(Map.of("interval", "30s"), Set.of("a"));

    @Test
    void sortsMonitorsIntoAddedRemovedChangedAndUnchanged() {
        Map<String, MonitorSpec> running = byName(READER.readAll(List.of(
                monitor("keep", "http://127.0.0.1:1"),
                monitor("edit", "http://127.0.0.1:2"),
                monitor("gone", "http://127.0.0.1:3"))));
        List<MonitorSpec> next = READER.readAll(List.of(
                monitor("new", "http://127.0.0.1:4"),
                monitor("edit", "http://127.0.0.1:22"),
                monitor("keep", "http://127.0.0.1:1")));

        ConfigDiff diff = ConfigDiff.between(running, next);

        assertThat(diff.addedNames()).containsExactly("new");
        assertThat(diff.removed()).containsExactly("gone");
        assertThat(diff.changedNames()).containsExactly("edit");
        assertThat(diff.changed().get(0).target().url()).hasPort(22);
        assertThat(diff.unchanged()).containsExactly("keep");
        assertThat(diff.isEmpty()).isFalse();
    }

    @Test
    void theSameFileChangesNothing() {
        List<MonitorSpec> specs = READER.readAll(List.of(monitor("x", "tcp://127.0.0.1:1"),
                monitor("y", "tcp://127.0.0.1:2")));

        ConfigDiff diff = ConfigDiff.between(byName(specs),
                READER.readAll(List.of(monitor("x", "tcp://127.0.0.1:1"), monitor("y", "tcp://127.0.0.1:2"))));

        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.unchanged()).containsExactly("x", "y");
    }

    @Test
    void aDefaultAMonitorInheritsChangesIt() {
        Map<String, Object> inherits = monitor("inherits", "http://127.0.0.1:1");
        Map<String, Object> own = new LinkedHashMap<>(monitor("own", "http://127.0.0.1:2"));
        own.put("interval", "5s");
        Map<String, MonitorSpec> running = byName(READER.readAll(List.of(inherits, own)));
        MonitorSpecReader slower = MonitorSpecReader.create(Map.of("interval", "1m"), Set.of("a"));

        ConfigDiff diff = ConfigDiff.between(running, slower.readAll(List.of(inherits, own)));

        assertThat(diff.changedNames()).containsExactly("inherits");
        assertThat(diff.unchanged()).containsExactly("own");
    }

    @Test
    void aChangeOfNotificationsIsAChange() {
        Map<String, Object> plain = monitor("m", "http://127.0.0.1:1");
        Map<String, Object> routed = new LinkedHashMap<>(plain);
        routed.put("notify", List.of("a"));

        ConfigDiff diff = ConfigDiff.between(byName(READER.readAll(List.of(plain))), READER.readAll(List.of(routed)));

        assertThat(diff.changedNames()).containsExactly("m");
    }

    @Test
    void anEmptyFileRemovesEveryMonitor() {
        ConfigDiff diff = ConfigDiff.between(byName(READER.readAll(List.of(monitor("a", "tcp://127.0.0.1:1"),
                monitor("b", "tcp://127.0.0.1:2")))), List.of());

        assertThat(diff.removed()).containsExactly("a", "b");
        assertThat(diff.added()).isEmpty();
    }

    private static Map<String, Object> monitor(String name, String url) {
        return Map.of("name", name, "url", url);
    }

    private static Map<String, MonitorSpec> byName(List<MonitorSpec> specs) {
        Map<String, MonitorSpec> out = new LinkedHashMap<>();
        specs.forEach(spec -> out.put(spec.name(), spec));
        return out;
    }
}
