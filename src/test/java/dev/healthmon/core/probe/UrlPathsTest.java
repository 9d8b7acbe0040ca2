package dev.healthmon.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one join of a URL's path with a check's path, shared by the direct HTTP check and the agent probe. */
class UrlPathsTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "http://h           | /        | /",
            "http://h/          | /        | /",
            "http://h           | /health  | /health",
            "http://h/api       | /        | /api/",
            "http://h/api/      | /health  | /api/health",
            "http://h/api//     | /health  | /api/health",
            "http://h/api?v=1   | /health  | /api/health?v=1",
            "http://h?v=1&w=%20 | /        | /?v=1&w=%20",
            "http://h/a%20b     | /x       | /a%20b/x" })
    void joinsAsGoJoinPathAndKeepsTheQuery(String url, String path, String joined) {
        assertThat(UrlPaths.join(URI.create(url), path)).isEqualTo(joined);
    }
}
