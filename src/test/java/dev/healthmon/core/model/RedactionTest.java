package dev.healthmon.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** URLs as they are shown: user info and query values hidden, everything else as written. */
class RedactionTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "https://bob:s3cret@api.example.com/health?token=abc&verbose | https://***@api.example.com/health?token=***&***",
        "http://user@localhost:8080/                                 | http://***@localhost:8080/",
        "http://localhost:8080/health?key=v%20x#top                  | http://localhost:8080/health?key=***#top",
        "http://localhost:8080/health                                | http://localhost:8080/health",
        "tcp://127.0.0.1:5432                                        | tcp://127.0.0.1:5432",
        "file:///srv/www                                             | file:///srv/www",
        "http://[::1]:80/?a=1&b=&=c                                  | http://[::1]:80/?a=***&b=***&=***",
        "mailto:ops@example.com                                      | mailto:***",
        "redis://:pw@127.0.0.1:6379                                  | redis://***@127.0.0.1:6379",
    })
    void hidesUserInfoAndQueryValues(String url, String shown) {
        assertThat(Redaction.url(URI.create(url))).isEqualTo(shown);
        assertThat(Redaction.url(url)).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "http://bob:pw@host/a b?x=1 | http://***@host/a b?***",
        "http://host/%zz?t=secret   | http://host/%zz?***",
    })
    void hidesTheSamePartsOfWhatIsNotAUrl(String text, String shown) {
        assertThat(Redaction.url(text)).isEqualTo(shown);
    }
}
