package dev.healthmon.notify;

/**
 * A provider answered and refused the message: an HTTP status other than 2xx, or an SMTP reply 4xx or 5xx. What it
 * says decides whether the message is tried again and whether the circuit breaker counts it.
 */
sealed interface Refusal permits HttpStatusException, SmtpRefusal {

    /** Returns whether another attempt may succeed; a refusal for good is not retried and is acknowledged. */
    boolean retryable();

    /** Returns whether the refusal says the provider is unwell, so that the circuit breaker counts it. */
    boolean providerFault();
}
