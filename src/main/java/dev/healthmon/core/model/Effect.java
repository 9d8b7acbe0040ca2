package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a transition asks the world to do besides changing state: notify, or stop the monitor.
 */
public sealed interface Effect permits Effect.NotifyDown, Effect.NotifyUp, Effect.NotifyDegraded,
        Effect.NotifyRecovered, Effect.NotifyCertificate, Effect.Stop, Effect.Backoff {

    /**
     * Send the down notification: the target has failed {@code retries} times in a row.
     *
     * @param detail what the last check saw
     * @param lastSeen when the target last passed, or {@code null} if never
     * @param at when the outage was confirmed
     * @param url the URL the confirming check ran against
     */
    record NotifyDown(String detail, @Nullable Instant lastSeen, Instant at, URI url) implements Effect {
        public NotifyDown {
            requireNonNull(detail, "detail");
            requireNonNull(at, "at");
            requireNonNull(url, "url");
        }
    }

    /**
     * Send the up notification: the target recovered after a down was sent.
     *
     * @param detail what the check saw
     * @param latency the latency of the passing check
     * @param at when it recovered
     * @param url the URL the passing check ran against
     */
    record NotifyUp(String detail, Duration latency, Instant at, URI url) implements Effect {
        public NotifyUp {
            requireNonNull(detail, "detail");
            requireNonNull(latency, "latency");
            requireNonNull(at, "at");
            requireNonNull(url, "url");
        }
    }

    /**
     * Send the degraded notification: the target passes, but slower than {@code degradedAbove}.
     *
     * @param detail what the check saw
     * @param latency the latency of the slow check
     * @param at when it became degraded
     * @param url the URL the check ran against
     */
    record NotifyDegraded(String detail, Duration latency, Instant at, URI url) implements Effect {
        public NotifyDegraded {
            requireNonNull(detail, "detail");
            requireNonNull(latency, "latency");
            requireNonNull(at, "at");
            requireNonNull(url, "url");
        }
    }

    /**
     * Send the recovered notification: the target is fast again after a degraded was sent.
     *
     * @param detail what the check saw
     * @param latency the latency of the fast check
     * @param at when it recovered
     * @param url the URL the check ran against
     */
    record NotifyRecovered(String detail, Duration latency, Instant at, URI url) implements Effect {
        public NotifyRecovered {
            requireNonNull(detail, "detail");
            requireNonNull(latency, "latency");
            requireNonNull(at, "at");
            requireNonNull(url, "url");
        }
    }

    /**
     * Send the certificate notification: the earliest expiry in the target's chain came within a threshold.
     *
     * @param threshold the threshold crossed, such as 7 days
     * @param expiry when the earliest certificate of the chain expires
     * @param at when the crossing was seen
     * @param url the URL the check ran against
     */
    record NotifyCertificate(Duration threshold, Instant expiry, Instant at, URI url) implements Effect {
        public NotifyCertificate {
            requireNonNull(threshold, "threshold");
            requireNonNull(expiry, "expiry");
            requireNonNull(at, "at");
            requireNonNull(url, "url");
        }
    }

    /**
     * Stop the monitor: too many check errors in a row, or its loop crashed; a restart is needed.
     *
     * @param reason why, such as {@code "stopped after 5 trials"} or {@code "crashed: ..."}
     */
    record Stop(String reason) implements Effect {
        public Stop {
            requireNonNull(reason, "reason");
        }
    }

    /**
     * Check less often: what runs the checks (an agent) has been unreachable for {@code maxErrors} checks in a
     * row or more, so the next check waits {@code delay}, a whole number of intervals, instead of one interval.
     *
     * @param delay the time from this check's tick to the next check's, a multiple of the interval
     */
    record Backoff(Duration delay) implements Effect {
        public Backoff {
            requireNonNull(delay, "delay");
        }
    }
}
