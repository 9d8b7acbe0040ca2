package dev.healthmon.core.probe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP status line as a check's detail shows it: the only bytes of a target's answer that reach a detail, a log
 * or a notification (DESIGN section 13), and even these bounded: printable ASCII, at most 64 characters of reason.
 */
final class StatusLine {

    private static final int MAX_REASON = 64;
    // the line of each code with its standard reason, made once: a check of a healthy target gets the same string
    // each time, which its monitor's state keeps (three states a monitor), where each check made a new one. At most
    // one per code of 100 to 599
    private static final Map<Integer, String> STANDARD = new ConcurrentHashMap<>();

    private StatusLine() {
    }

    /** Returns {@code "HTTP <code> <reason>"}, the standard reason when the target sent none or only odd bytes. */
    static String of(int code, @Nullable String reason) {
        String standard = HttpResponseStatus.valueOf(code).reasonPhrase();
        // only the codes HTTP defines are kept: a hostile target cannot fill the map with codes of its own
        if ((reason == null || reason.isEmpty() || reason.equals(standard)) && code >= 100 && code <= 599) {
            return STANDARD.computeIfAbsent(code, known -> "HTTP " + known + " " + standard);
        }
        String shown = reason == null ? "" : reason.codePoints()
                .filter(c -> c >= 0x20 && c < 0x7f)
                .limit(MAX_REASON)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        if (shown.isEmpty()) {
            shown = standard;
        }
        return "HTTP " + code + " " + shown;
    }
}
