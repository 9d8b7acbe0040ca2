package dev.healthmon.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The status line is the only part of an answer a detail shows: printable, bounded, never empty. */
class StatusLineTest {

    @Test
    void showsTheCodeAndAPrintableBoundedReason() {
        assertThat(StatusLine.of(503, "Service Unavailable")).isEqualTo("HTTP 503 Service Unavailable");
        assertThat(StatusLine.of(200, "OK\r\nSet-Cookie: x\u0000")).isEqualTo("HTTP 200 OKSet-Cookie: x");
        assertThat(StatusLine.of(200, "a".repeat(5000))).isEqualTo("HTTP 200 " + "a".repeat(64));
        assertThat(StatusLine.of(404, null)).isEqualTo("HTTP 404 Not Found");
        assertThat(StatusLine.of(404, "\u0001\u0002")).isEqualTo("HTTP 404 Not Found");
        assertThat(StatusLine.of(502, "Bäd Gätewäy")).isEqualTo("HTTP 502 Bd Gtewy");
    }
}
