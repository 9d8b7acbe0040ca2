package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How one check ended: the target passed, the target failed, or the check could not be performed.
 */
public sealed interface Outcome permits Outcome.Pass, Outcome.Fail, Outcome.Error {

    /** Returns the kind of this outcome. */
    Kind kind();

    /** Returns what was seen; empty when nothing is worth saying. */
    String detail();

    /** Returns how long the target took to answer; zero for an error. */
    Duration latency();

    /** Returns the outcome that {@code result} stands for: a pass when healthy, else a fail. */
    static Outcome of(HealthCheckResult result) {
        return result.healthy()
                ? new Pass(result.latency(), result.detail(), result.certificateExpiry())
                : new Fail(result.latency(), result.detail());
    }

    /** Returns the fail of a check that ran out of time. */
    static Outcome timedOut(Duration timeout) {
        return of(HealthCheckResult.timedOut(timeout));
    }

    /**
     * The target answered well.
     *
     * @param latency how long it took
     * @param detail what was seen
     * @param certificateExpiry when the earliest certificate of the target's chain expires, or {@code null}
     *        without TLS
     */
    record Pass(Duration latency, String detail, @Nullable Instant certificateExpiry) implements Outcome {
        public Pass {
            requireNonNull(latency, "latency");
            requireNonNull(detail, "detail");
        }

        /** Returns a pass without a certificate. */
        public Pass(Duration latency, String detail) {
            this(latency, detail, null);
        }

        @Override
        public Kind kind() {
            return Kind.PASS;
        }
    }

    /** The target answered badly, refused, reset or timed out. */
    record Fail(Duration latency, String detail) implements Outcome {
        public Fail {
            requireNonNull(latency, "latency");
            requireNonNull(detail, "detail");
        }

        @Override
        public Kind kind() {
            return Kind.FAIL;
        }
    }

    /**
     * The check itself could not be performed; a reason, not a throwable, so it compares by value.
     *
     * @param reason why
     * @param unreachable whether what runs the check for the monitor (an agent) could not be reached: it may come
     *        back by itself, so the monitor keeps checking, less often, instead of stopping
     */
    record Error(String reason, boolean unreachable) implements Outcome {
        public Error {
            requireNonNull(reason, "reason");
        }

        /** Returns the error of a check that could not be performed for {@code reason}, the checker reachable. */
        public Error(String reason) {
            this(reason, false);
        }

        @Override
        public Kind kind() {
            return Kind.ERROR;
        }

        @Override
        public String detail() {
            return reason;
        }

        @Override
        public Duration latency() {
            return Duration.ZERO;
        }
    }

    /** The three kinds of outcome, named in lowercase in JSON. */
    enum Kind {
        PASS, FAIL, ERROR;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
