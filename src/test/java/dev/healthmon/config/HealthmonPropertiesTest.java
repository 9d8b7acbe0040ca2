package dev.healthmon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binding the {@code healthmon:} block as Spring Boot does, from the flat properties YAML turns into. */
class HealthmonPropertiesTest {

    @Test
    void bindsMonitorsNotificationsApiAndSse() {
        HealthmonProperties properties = bind(Map.of(
                "healthmon.defaults.interval", "45s",
                "healthmon.monitors[0].name", "web",
                "healthmon.monitors[0].url", "http://localhost:8081",
                "healthmon.monitors[0].expectStatus[0]", "200",
                "healthmon.monitors[0].notify[0]", "ntfy",
                "healthmon.monitors[0].docker.container", "web",
                "healthmon.notifications[0].name", "ntfy",
                "healthmon.notifications[0].tags[0]", "warning",
                "healthmon.notifications[0].tags[1]", "skull",
                "healthmon.api.token", "s3cret"));

        assertThat(properties.defaults().get("interval")).isEqualTo("45s");
        Map<String, Object> web = properties.monitors().get(0);
        assertThat(web.get("name")).isEqualTo("web");
        assertThat(web.get("expectStatus")).isEqualTo(List.of("200"));
        assertThat(web.get("notify")).isEqualTo(List.of("ntfy"));
        assertThat(web.get("docker")).isEqualTo(Map.of("container", "web"));
        assertThat(properties.notifications()).containsExactly(Map.of("name", "ntfy",
                "tags", List.of("warning", "skull")));
        assertThat(properties.notificationNames()).containsExactly("ntfy");
        assertThat(properties.api().tokenRequired()).isTrue();
        assertThat(properties.sse().heartbeatPeriod()).isEqualTo(Duration.ofSeconds(15));
        assertThat(properties.sse().clientBufferSize()).isEqualTo(256);
    }

    @Test
    void nothingConfiguredMeansNoMonitorsAndNoToken() {
        HealthmonProperties properties = bind(Map.of("healthmon.sse.heartbeat", "250ms"));

        assertThat(properties.monitors()).isEmpty();
        assertThat(properties.notifications()).isEmpty();
        assertThat(properties.api().tokenRequired()).isFalse();
        assertThat(properties.sse().heartbeatPeriod()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void rejectsNotificationsWithoutOrWithTheSameName() {
        assertThatThrownBy(() -> bind(Map.of("healthmon.notifications[0].provider", "ntfy")).notificationNames())
                .hasMessage("notifications[0].name: missing (every notification needs a unique name)");
        assertThatThrownBy(() -> bind(Map.of("healthmon.notifications[0].name", "a",
                "healthmon.notifications[1].name", "a")).notificationNames())
                .hasMessage("notifications[1].name: duplicate notification name 'a'");
    }

    @Test
    void rejectsANonPositiveSseSetting() {
        assertThatThrownBy(() -> bind(Map.of("healthmon.sse.heartbeat", "0s")).sse().heartbeatPeriod())
                .hasMessageStartingWith("sse.heartbeat: non-positive");
        assertThatThrownBy(() -> bind(Map.of("healthmon.sse.clientBuffer", "0")).sse().clientBufferSize())
                .hasMessage("sse.clientBuffer: 0 (expected: >= 1)");
    }

    @Test
    void aMonitorKeyMayBeWrittenAsSpringsRelaxedBindingAllows() {
        HealthmonProperties properties = bind(Map.of(
                "healthmon.defaults.max-errors", "9",
                "healthmon.monitors[0].healthy-threshold", "2",
                "healthmon.monitors[0].tlsverify", "true"));

        assertThat(properties.defaults()).containsEntry("maxErrors", "9");
        assertThat(properties.monitors().get(0)).containsEntry("healthyThreshold", "2")
                .containsEntry("tlsVerify", "true");
    }

    @Test
    void anUnknownMonitorKeyNamesWhereItWasWritten() {
        HealthmonProperties properties = bind(Map.of("healthmon.monitors[0].name", "api",
                "healthmon.monitors[0].intervall", "5s"));
        MonitorSpecReader reader = MonitorSpecReader.create(properties.defaults(), Set.of());

        assertThatThrownBy(() -> reader.readAll(properties.monitors()))
                .hasMessageStartingWith("monitor 'api': intervall: unknown field at healthmon.monitors[0].intervall "
                        + "(expected one of: agent,");
    }

    private static HealthmonProperties bind(Map<String, String> flat) {
        return new Binder(new MapConfigurationPropertySource(flat)).bind("healthmon", HealthmonProperties.class)
                .orElseGet(() -> new HealthmonProperties(null, null, null, null, null, null, null, null, null, null, null, null));
    }
}
