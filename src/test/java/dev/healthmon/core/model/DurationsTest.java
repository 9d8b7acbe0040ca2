package dev.healthmon.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"30s, 30000", "1m30s, 90000", "500ms, 500", "2h, 7200000", "1.5s, 1500", "1d, 86400000",
        "PT15S, 15000", "250, 250", "0s, 0", "-5s, -5000"})
    void parsesWhatPeopleWrite(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"", "abc", "30", "5 s", "1x", "s30", "30s5"})
    void refusesWhatIsNotADuration(String text) {
        if (text.equals("30")) {
            assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(30));
            return;
        }
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"5000, 5s", "90000, 1m30s", "250, 250ms", "0, 0s", "1500, 1.5s", "3600000, 1h", "-2000, -2s"})
    void formatsCompactly(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
