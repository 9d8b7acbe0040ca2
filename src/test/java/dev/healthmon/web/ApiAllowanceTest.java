package dev.healthmon.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.InvalidConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a monitor created through the API may use (DESIGN section 13): each refusal names its field. */
class ApiAllowanceTest {

    @ParameterizedTest(name = "{0}={1} needs {2}")
    @CsvSource(delimiter = '|', value = {
        "url     | file:///etc/passwd         | file",
        "url     | FILE:///etc/shadow         | file",
        "url     | ' file:/etc'               | file",
        "docker  | web                        | docker",
        "agent   | http://127.0.0.1:8890      | agent",
        "payload | PING                       | payload",
        "expect  | PONG                       | payload",
    })
    void eachKindIsRefusedUnlessAllowed(String field, String value, String item) {
        Map<String, Object> written = field.equals("url") ? Map.of("name", "x", "url", value)
                : Map.of("name", "x", "url", "tcp://127.0.0.1:1", field, value);

        assertThatThrownBy(() -> new ApiAllowance(Set.of()).check(written))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.problem()).contains("healthmon.api.allow").contains(item);
                });
        assertThat(new ApiAllowance(Set.of(item)).check(written)).isSameAs(written);
    }

    @ParameterizedTest(name = "{0} is a plain network target")
    @CsvSource({"http://127.0.0.1:8080", "https://example.test", "tcp://127.0.0.1:5432", "udp://127.0.0.1:53",
            "h2c://127.0.0.1:9000", "http://files.example/file:"})
    void plainNetworkTargetsNeedNothing(String url) {
        Map<String, Object> written = Map.of("name", "x", "url", url);
        assertThat(new ApiAllowance(Set.of()).check(written)).isSameAs(written);
    }
}
