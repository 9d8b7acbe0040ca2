package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Start-up with each kind of invalid configuration fails with Boot's short report: one description naming the
 * monitor and the field, and no stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigValidationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad duration          | interval=soon        | monitor 'api': interval: invalid duration 'soon'",
            "non-positive interval | interval=0s          | monitor 'api': interval: non-positive interval 0s",
            "non-positive timeout  | timeout=-1s          | monitor 'api': timeout: non-positive timeout -1s",
            "path without slash    | path=health          | monitor 'api': path: 'health' does not start with '/'",
            "bad method            | method=POST          | monitor 'api': method: 'POST' (expected: GET or HEAD)",
            "bad retries           | retries=many         | monitor 'api': retries: 'many' is not a whole number",
            "unsupported scheme    | url=gopher://127.0.0.1:70 | monitor 'api': url: unsupported scheme",
            "no scheme             | url=localhost:8080   | monitor 'api': url: 'localhost:8080' has no scheme",
            "unknown notification  | notify=pager         | monitor 'api': notify: unknown notification 'pager'",
    })
    void invalidMonitorStopsStartUpNamingMonitorAndField(String kind, String setting, String message,
            CapturedOutput output) {
        List<String> args = new ArrayList<>(List.of("--healthmon.monitors[0].name=api"));
        if (!setting.startsWith("url=")) {
            args.add("--healthmon.monitors[0].url=tcp://127.0.0.1:1");
        }
        args.add("--healthmon.monitors[0]." + setting);

        assertFailsWith(args, "Invalid configuration: " + message, output);
    }

    static Stream<Arguments> otherInvalidSettings() {
        return Stream.of(
                Arguments.of("duplicate name", "--healthmon.monitors[1].name=api",
                        "--healthmon.monitors[1].url=tcp://127.0.0.1:2",
                        "monitor 'api': name: duplicate monitor name"),
                Arguments.of("missing name", "--healthmon.monitors[1].url=tcp://127.0.0.1:2",
                        "--healthmon.monitors[1].path=/",
                        "monitor 'healthmon.monitors[1]': name: missing"),
                Arguments.of("invalid default", "--healthmon.defaults.interval=0s", "--healthmon.defaults.path=/",
                        "defaults.interval: non-positive interval 0s"),
                Arguments.of("bad heartbeat", "--healthmon.sse.heartbeat=often", "--healthmon.sse.replay=10",
                        "sse.heartbeat: invalid duration 'often'"),
                Arguments.of("bad notification", "--healthmon.notifications[0].name=ntfy",
                        "--healthmon.notifications[0].provider=ntfy", "notifications.ntfy.url: missing url"),
                Arguments.of("unreadable agent certificate", "--healthmon.agents.certificate=/nonexistent/client.pem",
                        "--healthmon.agents.key=/nonexistent/client.key",
                        "agents.certificate: cannot read '/nonexistent/client.pem'"),
                Arguments.of("agent key without certificate", "--healthmon.agents.key=/nonexistent/client.key",
                        "--healthmon.agents.ca=/nonexistent/ca.pem",
                        "agents.certificate: a private key needs its certificate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherInvalidSettings")
    void otherInvalidSettingsStopStartUpNamingTheField(String kind, String first, String second, String message,
            CapturedOutput output) {
        List<String> args = new ArrayList<>(List.of("--healthmon.monitors[0].name=api",
                "--healthmon.monitors[0].url=tcp://127.0.0.1:1", first, second));

        assertFailsWith(args, "Invalid configuration: " + message, output);
    }

    @ParameterizedTest(name = "unknown key {0}")
    @CsvSource({"healthmon.monitors[0].intervall", "healthmon.colour"})
    void anUnknownKeyStopsStartUp(String key, CapturedOutput output) {
        List<String> args = List.of("--healthmon.monitors[0].name=api", "--healthmon.monitors[0].url=tcp://127.0.0.1:1",
                "--" + key + "=5s");

        assertFailsWith(args, key, output);
    }

    private static void assertFailsWith(List<String> args, String message, CapturedOutput output) {
        List<String> all = new ArrayList<>(List.of("--spring.config.location=classpath:/application.yml",
                "--server.port=0", "--healthmon.history.enabled=false"));
        all.addAll(args);

        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(HealthmonApplication.class)
                .run(all.toArray(String[]::new))
                .close());

        assertThat(failure).isNotNull();
        assertThat(output.getOut()).contains("APPLICATION FAILED TO START").contains(message);
        assertThat(output.getAll()).doesNotContain("\tat ");
    }
}
