package dev.healthmon.web.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.store.HistoryRange;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Reads and validates the query parameters of the history API; a bad value throws an
 * {@link InvalidConfigException} naming the parameter, which the handlers answer with 400.
 */
final class Params {

    /** The last second of the year 9999: later times are rejected rather than risk an overflow. */
    static final long MAX_EPOCH_SECOND = 253_402_300_799L;
    /** The most points one history answer may hold. */
    static final int MAX_POINTS = 10_000;

    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,18}");
    private static final Pattern INTEGER = Pattern.compile("[0-9]{1,9}");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhd]?)");
    private static final Duration[] DEFAULT_STEPS = {Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1)};
    private static final int DEFAULT_POINTS = 500;

    private Params() {
    }

    /**
     * Returns the period asked for: {@code window} (a named window ending now), or {@code from} and {@code to}
     * in unix seconds ({@code to} defaults to now, {@code from} to {@code defaultLength} before {@code to}), or
     * the {@code defaultLength} before now. The future has no history: both ends are capped at {@code now}.
     */
    static HistoryRange range(ServerRequest request, Instant now, Duration defaultLength) {
        Optional<String> window = request.queryParam("window");
        Optional<String> from = request.queryParam("from");
        Optional<String> to = request.queryParam("to");
        if (window.isPresent()) {
            if (from.isPresent() || to.isPresent()) {
                throw new InvalidConfigException("window", "give either window or from and to, not both");
            }
            if (!HistoryRange.WINDOWS.containsKey(window.get())) {
                throw new InvalidConfigException("window", "unknown window " + quote(window.get())
                        + " (expected: one of " + String.join(", ", HistoryRange.WINDOWS.keySet()) + ")");
            }
            return HistoryRange.window(window.get(), now);
        }
        Instant end = to.map(text -> instant("to", text)).orElse(now);
        Instant start = from.map(text -> instant("from", text)).orElseGet(() -> before(end, defaultLength));
        HistoryRange requested = requested(start, end, to.isPresent());
        return HistoryRange.of(earliest(requested.from(), now), earliest(requested.to(), now));
    }

    /**
     * Returns the {@code step} of a history query over {@code range}: a duration such as {@code 1m}, {@code 1h},
     * {@code 1d} or {@code 90s}, or whole seconds; by default the shortest that gives at most 500 points.
     */
    static Duration step(ServerRequest request, HistoryRange range) {
        Optional<String> text = request.queryParam("step");
        if (text.isEmpty()) {
            for (Duration step : DEFAULT_STEPS) {
                if (range.length().toMillis() / step.toMillis() <= DEFAULT_POINTS) {
                    return step;
                }
            }
            return Duration.ofDays(2);
        }
        Duration step = duration("step", text.get());
        if (step.compareTo(HistoryRange.MAX_LENGTH) > 0) {
            throw new InvalidConfigException("step", text.get() + " (expected: at most "
                    + HistoryRange.MAX_LENGTH.toDays() + "d)");
        }
        return range.step(step, MAX_POINTS);
    }

    /** Returns the integer parameter {@code name} in {@code [min, max]}, or {@code fallback} when absent. */
    static int integer(ServerRequest request, String name, int fallback, int min, int max) {
        Optional<String> text = request.queryParam(name);
        if (text.isEmpty()) {
            return fallback;
        }
        String value = text.get();
        if (!INTEGER.matcher(value).matches()) {
            throw new InvalidConfigException(name, quote(value) + " (expected: a whole number from " + min + " to "
                    + max + ")");
        }
        int number = Integer.parseInt(value);
        if (number < min || number > max) {
            throw new InvalidConfigException(name, value + " (expected: from " + min + " to " + max + ")");
        }
        return number;
    }

    // a range too long is the fault of the end that was given: to, or from when to is now
    private static HistoryRange requested(Instant start, Instant end, boolean toGiven) {
        try {
            return HistoryRange.of(start, end);
        }
        catch (InvalidConfigException e) {
            if (toGiven || !e.field().equals("to")) {
                throw e;
            }
            throw new InvalidConfigException("from", e.problem());
        }
    }

    private static Instant instant(String field, String text) {
        if (!SECONDS.matcher(text).matches()) {
            throw new InvalidConfigException(field, quote(text) + " (expected: unix seconds, a whole number >= 0)");
        }
        long seconds = Long.parseLong(text);
        if (seconds > MAX_EPOCH_SECOND) {
            throw new InvalidConfigException(field, text + " (expected: unix seconds, at most " + MAX_EPOCH_SECOND
                    + ")");
        }
        return Instant.ofEpochSecond(seconds);
    }

    private static Duration duration(String field, String text) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new InvalidConfigException(field, quote(text)
                    + " (expected: a positive duration such as 1m, 1h, 1d, or whole seconds)");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static Instant before(Instant end, Duration length) {
        Instant start = end.minus(length);
        return start.isBefore(Instant.EPOCH) ? Instant.EPOCH : start;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    // a hostile value is shown, but never at length, and never cut inside a surrogate pair
    static String quote(String value) {
        if (value.codePointCount(0, value.length()) <= 40) {
            return "'" + value + "'";
        }
        return "'" + value.substring(0, value.offsetByCodePoints(0, 40)) + "...'";
    }
}
