package dev.healthmon.core.probe;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP status line as a check's detail shows it: the only bytes of a target's answer that reach a detail, a log
 * or a notification (DESIGN section 13), and even these bounded: printable ASCII, at most 64 characters of reason.
 */
final class StatusLine {

    private static final int MAX_REASON = 64;

    private StatusLine() {
    }

    /** Returns {@code "HTTP <code> <reason>"}, the standard reason when the target sent none or only odd bytes. */
    static String of(int code, @Nullable String reason) {
        String shown = reason == null ? "" : reason.codePoints()
                .filter(c -> c >= 0x20 && c < 0x7f)
                .limit(MAX_REASON)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        if (shown.isEmpty()) {
            shown = HttpResponseStatus.valueOf(code).reasonPhrase();
        }
        return "HTTP " + code + " " + shown;
    }
}
