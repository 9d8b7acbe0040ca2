package dev.healthmon.core.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way people write them in config files: {@code 30s}, {@code 1m30s}, {@code 500ms}.
 */
public final class Durations {

    /** The longest duration a monitor's setting may have: 365 days. */
    public static final Duration MAX = Duration.ofDays(365);

    private static final int MAX_TEXT = 64;
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Returns the duration written as {@code text}: a sequence of numbers with units {@code ns}, {@code us},
     * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} (such as {@code 1h30m}), an ISO-8601 duration
     * ({@code PT30S}), or a bare number of milliseconds.
     *
     * @throws IllegalArgumentException naming the text when it is not a duration
     */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        if (s.length() > MAX_TEXT) {
            throw new IllegalArgumentException("invalid duration of " + s.length() + " characters (expected: at "
                    + "most " + MAX_TEXT + ", such as 500ms, 30s, 1m30s or 2h)");
        }
        if (s.charAt(0) == 'P' || s.charAt(0) == 'p' || s.startsWith("-P")) {
            try {
                return Duration.parse(s);
            }
            catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid duration '" + text + "'", e);
            }
        }
        boolean negative = s.startsWith("-");
        if (negative) {
            s = s.substring(1);
        }
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            try {
                Duration millis = Duration.ofMillis(Long.parseLong(s));
                return negative ? millis.negated() : millis;
            }
            catch (NumberFormatException e) {
                throw tooLong(text);
            }
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        while (m.find() && m.start() == at) {
            try {
                total = total.plus(part(new java.math.BigDecimal(m.group(1)), m.group(2)));
            }
            catch (ArithmeticException e) {
                // more nanoseconds than a long holds: some 292 years
                throw tooLong(text);
            }
            at = m.end();
        }
        if (at != s.length() || at == 0) {
            throw new IllegalArgumentException(
                    "invalid duration '" + text + "' (expected: such as 500ms, 30s, 1m30s or 2h)");
        }
        return negative ? total.negated() : total;
    }

    /**
     * Returns {@code duration} written compactly, largest unit first: {@code 5s}, {@code 1m30s}, {@code 250ms},
     * {@code 0s}.
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        StringBuilder out = new StringBuilder();
        long days = duration.toDays();
        int hours = duration.toHoursPart();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        int millis = duration.toMillisPart();
        if (days > 0) {
            out.append(days).append('d');
        }
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0 && millis > 0) {
            out.append(seconds).append('.').append(String.format("%03d", millis).replaceAll("0+$", "")).append('s');
        }
        else if (seconds > 0) {
            out.append(seconds).append('s');
        }
        else if (millis > 0) {
            out.append(millis).append("ms");
        }
        if (out.length() == 0) {
            long micros = duration.toNanos() / 1_000;
            out.append(micros > 0 ? micros + "us" : duration.toNanos() + "ns");
        }
        return out.toString();
    }

    private static IllegalArgumentException tooLong(String text) {
        return new IllegalArgumentException("duration '" + text + "' is too long (expected: at most 365d)");
    }

    private static Duration part(java.math.BigDecimal amount, String unit) {
        java.math.BigDecimal nanosPerUnit = java.math.BigDecimal.valueOf(switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw new IllegalArgumentException("unit " + unit);
        });
        return Duration.ofNanos(amount.multiply(nanosPerUnit).longValueExact());
    }
}
