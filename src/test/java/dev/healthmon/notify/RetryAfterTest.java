package dev.healthmon.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-24T09:30:00Z");
    private static final Duration MAX = Duration.ofMinutes(5);

    @Test
    void readsDelaySeconds() {
        assertThat(RetryAfter.parse("30", NOW, MAX)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(" 0 ", NOW, MAX)).isEqualTo(Duration.ZERO);
    }

    @Test
    void readsAnHttpDateRelativeToNow() {
        assertThat(RetryAfter.parse("Tue, 24 Nov 2026 09:31:15 GMT", NOW, MAX)).isEqualTo(Duration.ofSeconds(75));
    }

    @Test
    void dateInThePastMeansAtOnce() {
        assertThat(RetryAfter.parse("Tue, 24 Nov 2026 09:00:00 GMT", NOW, MAX)).isEqualTo(Duration.ZERO);
    }

    @Test
    void isBoundedByTheMaximum() {
        assertThat(RetryAfter.parse("3600", NOW, MAX)).isEqualTo(MAX);
        assertThat(RetryAfter.parse("99999999999999999999", NOW, MAX)).isEqualTo(MAX);
        assertThat(RetryAfter.parse("Wed, 25 Nov 2026 09:30:00 GMT", NOW, MAX)).isEqualTo(MAX);
    }

    @Test
    void absentOrUnreadableIsNull() {
        assertThat(RetryAfter.parse(null, NOW, MAX)).isNull();
        assertThat(RetryAfter.parse("", NOW, MAX)).isNull();
        assertThat(RetryAfter.parse("soon", NOW, MAX)).isNull();
        assertThat(RetryAfter.parse("-5", NOW, MAX)).isNull();
    }
}
