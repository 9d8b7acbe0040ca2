package dev.healthmon.notify;

/**
 * An SMTP server refused a message: a 4xx reply (try again later) or a 5xx reply (refused for good, such as an
 * unknown recipient or wrong credentials), or a session that could not go on (STARTTLS required but not offered).
 */
final class SmtpRefusal extends RuntimeException implements Refusal {

    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * Creates a refusal with the server's reply {@code code} (or a number outside 400 to 599 when the session ended
     * without one) and a {@code message}, such as the server's reply, that must hold no secret.
     */
    SmtpRefusal(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }

    /** Returns whether another attempt may succeed: on a 4xx reply, which SMTP defines as transient. */
    @Override
    public boolean retryable() {
        return transientReply();
    }

    /**
     * Returns whether the server is unwell: on a 4xx reply (busy, out of resources); a 5xx says the message or the
     * configuration was wrong.
     */
    @Override
    public boolean providerFault() {
        return transientReply();
    }

    private boolean transientReply() {
        return code >= 400 && code < 500;
    }
}
