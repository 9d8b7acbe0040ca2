package dev.healthmon.notify;

import java.util.Locale;

/**
 * What happened to one notification on its way to one provider: the {@code result} tag of the metrics. A message
 * ends only as {@link #DELIVERED} or {@link #FAILED}; the other results say that it waits, and are counted each
 * time, except {@link #DROPPED}, which says it was lost.
 */
enum Result {
    /** The provider accepted it: it is done. */
    DELIVERED,
    /**
     * The provider refused it for good (HTTP 4xx other than 429, SMTP 5xx), or it could not be made: it is done,
     * and no retry would change that.
     */
    FAILED,
    /** An attempt met the open circuit: the message waits until the circuit lets one through. */
    REJECTED,
    /** Every retry failed: the message waits for the circuit to close, or {@code breakerWait}, and is tried again. */
    DEFERRED,
    /** The queue was full: the message waits in the outbox and is queued again once the queue has drained. */
    PARKED,
    /** The queue was full and the outbox could not keep it (a reminder, or no room left): it is lost. */
    DROPPED;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
