package dev.healthmon.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/** Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date. */
final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * Returns the delay {@code header} asks for as seen at {@code now}, at most {@code max} and never negative, or
     * {@code null} when the header is absent or unreadable.
     */
    static @Nullable Duration parse(@Nullable String header, Instant now, Duration max) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String text = header.trim();
        Duration delay;
        if (text.chars().allMatch(Character::isDigit)) {
            delay = text.length() > 12 ? max : Duration.ofSeconds(Long.parseLong(text));
        }
        else {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                delay = at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            }
            catch (DateTimeParseException ignored) {
                // an unreadable header is treated as absent: the normal backoff applies
                return null;
            }
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
