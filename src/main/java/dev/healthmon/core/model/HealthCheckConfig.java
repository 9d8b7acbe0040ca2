package dev.healthmon.core.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * How a target is checked: interval, timeout, path, method, retry threshold and the rest of the seed's
 * {@code HealthCheckConfig}, plus healthmon's extensions.
 *
 * <p>Components hold what was set ({@code null}, or {@code 0} for {@code retries}, means "not set"); accessors
 * return the effective value, falling back to the built-in defaults of the seed: 30s interval, 10s timeout,
 * {@code GET}, {@code "/"}, 3 retries. {@link #applyDefaults(HealthCheckConfig)} fills unset fields from global
 * defaults first, as the seed's {@code cfg.ApplyDefaults(global)} does.
 *
 * <pre>{@code
 * HealthCheckConfig cfg = HealthCheckConfig.builder()
 *         .interval(Duration.ofSeconds(15)).timeout(Duration.ofSeconds(5)).path("/health").retries(3).build();
 * }</pre>
 *
 * @param interval time between checks; must be positive
 * @param timeout bound on one check; must be positive
 * @param path path of an HTTP check; starts with {@code /}
 * @param method HTTP method of a check, {@code GET} or {@code HEAD}
 * @param retries consecutive failures before the down notification; negative notifies at once, 0 means default
 * @param jitter the longest random delay before the periodic schedule starts; never more than the interval
 * @param healthyThreshold consecutive passes needed to leave unhealthy or error
 * @param maxErrors consecutive check errors after which the monitor stops itself
 * @param expectStatus accepted HTTP status codes; empty accepts anything below 500
 * @param tlsVerify whether TLS certificates are verified
 * @param payload what a stream check sends, if anything
 * @param expect what a stream check must receive back, if anything
 */
public record HealthCheckConfig(
        @Nullable Duration interval,
        @Nullable Duration timeout,
        @Nullable String path,
        @Nullable String method,
        int retries,
        @Nullable Duration jitter,
        @Nullable Integer healthyThreshold,
        @Nullable Integer maxErrors,
        Set<Integer> expectStatus,
        @Nullable Boolean tlsVerify,
        @Nullable String payload,
        @Nullable String expect) {

    /** The seed's default interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    /** The seed's default timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The seed's default path. */
    public static final String DEFAULT_PATH = "/";
    /** The seed's default method. */
    public static final String DEFAULT_METHOD = "GET";
    /** The seed's default retry threshold. */
    public static final int DEFAULT_RETRIES = 3;
    /** The longest jitter by default. */
    public static final Duration DEFAULT_JITTER = Duration.ofSeconds(10);
    /** Passes needed to leave unhealthy by default. */
    public static final int DEFAULT_HEALTHY_THRESHOLD = 1;
    /** Check errors in a row that stop a monitor by default, as the seed's "5 trials". */
    public static final int DEFAULT_MAX_ERRORS = 5;

    private static final HealthCheckConfig DEFAULTS = builder().build();

    public HealthCheckConfig {
        expectStatus = Set.copyOf(new TreeSet<>(expectStatus));
        method = method == null ? null : method.trim().toUpperCase(Locale.ROOT);
        positive("interval", interval);
        positive("timeout", timeout);
        if (path != null && !path.startsWith("/")) {
            throw new InvalidConfigException("path", "'" + path + "' does not start with '/'");
        }
        if (method != null && !method.equals("GET") && !method.equals("HEAD")) {
            throw new InvalidConfigException("method", "'" + method + "' (expected: GET or HEAD)");
        }
        if (jitter != null && jitter.isNegative()) {
            throw new InvalidConfigException("jitter", "negative jitter " + Durations.format(jitter)
                    + " (expected: >= 0)");
        }
        if (healthyThreshold != null && healthyThreshold < 1) {
            throw new InvalidConfigException("healthyThreshold", healthyThreshold + " (expected: >= 1)");
        }
        if (maxErrors != null && maxErrors < 1) {
            throw new InvalidConfigException("maxErrors", maxErrors + " (expected: >= 1)");
        }
        for (int code : expectStatus) {
            if (code < 100 || code > 599) {
                throw new InvalidConfigException("expectStatus", code + " is not an HTTP status (expected: 100-599)");
            }
        }
    }

    /** Returns the built-in defaults. */
    public static HealthCheckConfig defaults() {
        return DEFAULTS;
    }

    /** Returns a builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding what this config sets. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns this config with every unset field taken from {@code global}; a field unset in both keeps the
     * built-in default.
     */
    public HealthCheckConfig applyDefaults(HealthCheckConfig global) {
        return new HealthCheckConfig(
                interval != null ? interval : global.interval,
                timeout != null ? timeout : global.timeout,
                path != null ? path : global.path,
                method != null ? method : global.method,
                retries != 0 ? retries : global.retries,
                jitter != null ? jitter : global.jitter,
                healthyThreshold != null ? healthyThreshold : global.healthyThreshold,
                maxErrors != null ? maxErrors : global.maxErrors,
                !expectStatus.isEmpty() ? expectStatus : global.expectStatus,
                tlsVerify != null ? tlsVerify : global.tlsVerify,
                payload != null ? payload : global.payload,
                expect != null ? expect : global.expect);
    }

    /** Returns the effective interval between checks. */
    @Override
    public Duration interval() {
        return interval != null ? interval : DEFAULT_INTERVAL;
    }

    /** Returns the effective timeout of one check. */
    @Override
    public Duration timeout() {
        return timeout != null ? timeout : DEFAULT_TIMEOUT;
    }

    /** Returns the effective path of an HTTP check. */
    @Override
    public String path() {
        return path != null ? path : DEFAULT_PATH;
    }

    /** Returns the effective HTTP method, {@code GET} or {@code HEAD}. */
    @Override
    public String method() {
        return method != null ? method : DEFAULT_METHOD;
    }

    /** Returns the effective retry threshold; never 0, negative for "notify at once". */
    @Override
    public int retries() {
        return retries != 0 ? retries : DEFAULT_RETRIES;
    }

    /** Returns the longest jitter, never more than the interval. */
    @Override
    public Duration jitter() {
        Duration longest = jitter != null ? jitter : DEFAULT_JITTER;
        return longest.compareTo(interval()) > 0 ? interval() : longest;
    }

    /** Returns the effective number of passes needed to leave unhealthy or error. */
    @Override
    public Integer healthyThreshold() {
        return healthyThreshold != null ? healthyThreshold : DEFAULT_HEALTHY_THRESHOLD;
    }

    /** Returns the effective number of check errors in a row that stop the monitor. */
    @Override
    public Integer maxErrors() {
        return maxErrors != null ? maxErrors : DEFAULT_MAX_ERRORS;
    }

    /** Returns whether TLS certificates are verified; {@code false} unless set. */
    @Override
    public Boolean tlsVerify() {
        return tlsVerify != null && tlsVerify;
    }

    /** Returns the number of consecutive failures that sends the down notification: 1 when retries are negative. */
    public int failureThreshold() {
        return Math.max(1, retries());
    }

    /**
     * Returns whether an HTTP answer with {@code status} passes: in {@link #expectStatus()} when set, else below 500.
     */
    public boolean accepts(int status) {
        return expectStatus.isEmpty() ? status < 500 : expectStatus.contains(status);
    }

    /** Returns a copy with {@code retries} set. */
    public HealthCheckConfig withRetries(int value) {
        return toBuilder().retries(value).build();
    }

    /** Returns a copy with {@code interval} set. */
    public HealthCheckConfig withInterval(Duration value) {
        return toBuilder().interval(value).build();
    }

    /** Returns a copy with {@code timeout} set. */
    public HealthCheckConfig withTimeout(Duration value) {
        return toBuilder().timeout(value).build();
    }

    private static void positive(String field, @Nullable Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new InvalidConfigException(field, "non-positive " + field + " " + Durations.format(value)
                    + " (expected: > 0)");
        }
    }

    /** Builds a {@link HealthCheckConfig}; what is not set stays unset, so defaults can still apply. */
    public static final class Builder {
        private @Nullable Duration interval;
        private @Nullable Duration timeout;
        private @Nullable String path;
        private @Nullable String method;
        private int retries;
        private @Nullable Duration jitter;
        private @Nullable Integer healthyThreshold;
        private @Nullable Integer maxErrors;
        private Set<Integer> expectStatus = Set.of();
        private @Nullable Boolean tlsVerify;
        private @Nullable String payload;
        private @Nullable String expect;

        private Builder() {
        }

        private Builder(HealthCheckConfig config) {
            interval = config.interval;
            timeout = config.timeout;
            path = config.path;
            method = config.method;
            retries = config.retries;
            jitter = config.jitter;
            healthyThreshold = config.healthyThreshold;
            maxErrors = config.maxErrors;
            expectStatus = config.expectStatus;
            tlsVerify = config.tlsVerify;
            payload = config.payload;
            expect = config.expect;
        }

        /** Sets the time between checks. */
        public Builder interval(@Nullable Duration value) {
            interval = value;
            return this;
        }

        /** Sets the bound on one check. */
        public Builder timeout(@Nullable Duration value) {
            timeout = value;
            return this;
        }

        /** Sets the path of an HTTP check. */
        public Builder path(@Nullable String value) {
            path = value;
            return this;
        }

        /** Sets the HTTP method, {@code GET} or {@code HEAD}. */
        public Builder method(@Nullable String value) {
            method = value;
            return this;
        }

        /** Sets the retry threshold: negative notifies at once, 0 uses the default. */
        public Builder retries(int value) {
            retries = value;
            return this;
        }

        /** Sets the longest random delay before the periodic schedule starts. */
        public Builder jitter(@Nullable Duration value) {
            jitter = value;
            return this;
        }

        /** Sets how many passes in a row leave unhealthy or error. */
        public Builder healthyThreshold(@Nullable Integer value) {
            healthyThreshold = value;
            return this;
        }

        /** Sets how many check errors in a row stop the monitor. */
        public Builder maxErrors(@Nullable Integer value) {
            maxErrors = value;
            return this;
        }

        /** Sets the accepted HTTP status codes; empty accepts anything below 500. */
        public Builder expectStatus(Set<Integer> value) {
            expectStatus = value;
            return this;
        }

        /** Sets whether TLS certificates are verified. */
        public Builder tlsVerify(@Nullable Boolean value) {
            tlsVerify = value;
            return this;
        }

        /** Sets what a stream check sends. */
        public Builder payload(@Nullable String value) {
            payload = value;
            return this;
        }

        /** Sets what a stream check must receive back. */
        public Builder expect(@Nullable String value) {
            expect = value;
            return this;
        }

        /**
         * Returns the config.
         *
         * @throws InvalidConfigException naming the first invalid field
         */
        public HealthCheckConfig build() {
            return new HealthCheckConfig(interval, timeout, path, method, retries, jitter, healthyThreshold,
                    maxErrors, expectStatus, tlsVerify, payload, expect);
        }
    }
}
