package dev.healthmon.notify;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** A provider answered with a status other than 2xx. */
final class HttpStatusException extends RuntimeException implements Refusal {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final @Nullable Duration retryAfter;

    HttpStatusException(int status, String reason, @Nullable Duration retryAfter, String body) {
        super("HTTP " + status + (reason.isEmpty() ? "" : " " + reason) + (body.isBlank() ? "" : ": " + body.strip()),
                null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    int status() {
        return status;
    }

    /** Returns the delay the provider asked for with {@code Retry-After}, or {@code null}. */
    @Nullable Duration retryAfter() {
        return retryAfter;
    }

    /** Returns whether another attempt may succeed: on 5xx and 429, never on other statuses. */
    @Override
    public boolean retryable() {
        return status >= 500 || status == 429;
    }

    /** Returns whether the provider is unwell: on 5xx, not on 4xx, which says the request was wrong. */
    @Override
    public boolean providerFault() {
        return status >= 500;
    }
}
