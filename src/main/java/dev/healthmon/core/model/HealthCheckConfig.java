package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * How a target is checked, in effect: interval, timeout, path, method, retry threshold and the rest of the seed's
 * {@code HealthCheckConfig}, plus healthmon's extensions. Every value is resolved and checked once, when the
 * config is made; the accessors are the components.
 *
 * <p>It is made from {@link MonitorSettings} as written ({@link #from(MonitorSettings)}): what is unset takes the
 * built-in default of its {@link Setting} (the seed's 30s interval, 10s timeout, {@code GET}, {@code "/"}, 3
 * retries, ...). It keeps those settings as {@link #written()}, which is how {@link #applyDefaults(HealthCheckConfig)}
 * knows what was set: a field the receiver's settings leave unset takes the global's, as the seed's
 * {@code cfg.ApplyDefaults(global)} does.
 *
 * <pre>{@code
 * HealthCheckConfig cfg = HealthCheckConfig.builder()
 *         .interval(Duration.ofSeconds(15)).timeout(Duration.ofSeconds(5)).path("/health").retries(3).build();
 * }</pre>
 *
 * @param interval time between checks; positive
 * @param timeout bound on one check; positive
 * @param path path of an HTTP check; starts with {@code /}
 * @param method HTTP method of a check, {@code GET} or {@code HEAD}
 * @param retries consecutive failures before the down notification; negative notifies at once; never 0
 * @param jitter the longest random delay before the periodic schedule starts; never more than the interval
 * @param healthyThreshold consecutive passes needed to leave unhealthy or error
 * @param maxErrors consecutive check errors after which the monitor stops itself
 * @param expectStatus accepted HTTP status codes; empty accepts anything below 500
 * @param tlsVerify whether TLS certificates are verified
 * @param reuseConnection whether HTTP checks reuse one kept-alive connection; otherwise one per check
 * @param payload what a stream check sends, if anything
 * @param expect what a stream check must receive back, if anything
 * @param group the group the monitor is listed under, if any
 * @param listedPublicly whether the public status page lists the monitor
 * @param degradedAbove latency above which a passing check is slow, or {@code null} when none is
 * @param degradedChecks slow passes in a row that make the monitor {@code degraded}
 * @param certificateExpiry times before a certificate's expiry at which to notify, longest first; empty for none
 * @param dependsOn the monitors this one depends on, by name
 * @param written the check settings as written that this config was made from
 */
public record HealthCheckConfig(
        Duration interval,
        Duration timeout,
        String path,
        String method,
        int retries,
        Duration jitter,
        int healthyThreshold,
        int maxErrors,
        Set<Integer> expectStatus,
        boolean tlsVerify,
        boolean reuseConnection,
        @Nullable String payload,
        @Nullable String expect,
        @Nullable String group,
        boolean listedPublicly,
        @Nullable Duration degradedAbove,
        int degradedChecks,
        List<Duration> certificateExpiry,
        List<String> dependsOn,
        MonitorSettings written) {

    /** The seed's default interval. */
    public static final Duration DEFAULT_INTERVAL = requireNonNull(MonitorSettings.INTERVAL.defaultValue());
    /** The seed's default timeout. */
    public static final Duration DEFAULT_TIMEOUT = requireNonNull(MonitorSettings.TIMEOUT.defaultValue());
    /** The seed's default path. */
    public static final String DEFAULT_PATH = requireNonNull(MonitorSettings.PATH.defaultValue());
    /** The seed's default method. */
    public static final String DEFAULT_METHOD = requireNonNull(MonitorSettings.METHOD.defaultValue());
    /** The seed's default retry threshold. */
    public static final int DEFAULT_RETRIES = requireNonNull(MonitorSettings.RETRIES.defaultValue());
    /** The longest jitter by default. */
    public static final Duration DEFAULT_JITTER = requireNonNull(MonitorSettings.JITTER.defaultValue());
    /** Passes needed to leave unhealthy by default. */
    public static final int DEFAULT_HEALTHY_THRESHOLD =
            requireNonNull(MonitorSettings.HEALTHY_THRESHOLD.defaultValue());
    /** Check errors in a row that stop a monitor by default, as the seed's "5 trials". */
    public static final int DEFAULT_MAX_ERRORS = requireNonNull(MonitorSettings.MAX_ERRORS.defaultValue());

    private static final HealthCheckConfig DEFAULTS = from(MonitorSettings.empty());

    /**
     * Checks every value with its {@link Setting}.
     *
     * @throws InvalidConfigException naming the first invalid field
     */
    public HealthCheckConfig {
        interval = MonitorSettings.INTERVAL.checked(interval);
        timeout = MonitorSettings.TIMEOUT.checked(timeout);
        path = MonitorSettings.PATH.checked(path);
        method = MonitorSettings.METHOD.checked(method);
        retries = MonitorSettings.RETRIES.checked(retries);
        jitter = MonitorSettings.JITTER.checked(jitter);
        jitter = jitter.compareTo(interval) > 0 ? interval : jitter;
        healthyThreshold = MonitorSettings.HEALTHY_THRESHOLD.checked(healthyThreshold);
        maxErrors = MonitorSettings.MAX_ERRORS.checked(maxErrors);
        expectStatus = MonitorSettings.EXPECT_STATUS.checked(expectStatus);
        payload = payload == null ? null : MonitorSettings.PAYLOAD.checked(payload);
        expect = expect == null ? null : MonitorSettings.EXPECT.checked(expect);
        group = group == null ? null : MonitorSettings.GROUP.checked(group);
        degradedAbove = degradedAbove == null ? null : MonitorSettings.DEGRADED_ABOVE.checked(degradedAbove);
        degradedChecks = MonitorSettings.DEGRADED_CHECKS.checked(degradedChecks);
        certificateExpiry = MonitorSettings.CERTIFICATE_EXPIRY.checked(certificateExpiry);
        dependsOn = MonitorSettings.DEPENDS_ON.checked(dependsOn);
        written = requireNonNull(written, "written").checks();
    }

    /**
     * Returns the config in effect for {@code written}: each check setting as written, or its built-in default.
     * Settings of the monitor itself, such as its URL, are ignored.
     *
     * @throws InvalidConfigException naming the first invalid field
     */
    public static HealthCheckConfig from(MonitorSettings written) {
        return new HealthCheckConfig(
                written.orDefault(MonitorSettings.INTERVAL),
                written.orDefault(MonitorSettings.TIMEOUT),
                written.orDefault(MonitorSettings.PATH),
                written.orDefault(MonitorSettings.METHOD),
                written.orDefault(MonitorSettings.RETRIES),
                written.orDefault(MonitorSettings.JITTER),
                written.orDefault(MonitorSettings.HEALTHY_THRESHOLD),
                written.orDefault(MonitorSettings.MAX_ERRORS),
                written.orDefault(MonitorSettings.EXPECT_STATUS),
                written.orDefault(MonitorSettings.TLS_VERIFY),
                written.orDefault(MonitorSettings.REUSE_CONNECTION),
                written.orDefault(MonitorSettings.PAYLOAD),
                written.orDefault(MonitorSettings.EXPECT),
                written.orDefault(MonitorSettings.GROUP),
                written.orDefault(MonitorSettings.PUBLIC),
                written.orDefault(MonitorSettings.DEGRADED_ABOVE),
                written.orDefault(MonitorSettings.DEGRADED_CHECKS),
                written.orDefault(MonitorSettings.CERTIFICATE_EXPIRY),
                written.orDefault(MonitorSettings.DEPENDS_ON),
                written);
    }

    /** Returns the built-in defaults. */
    public static HealthCheckConfig defaults() {
        return DEFAULTS;
    }

    /** Returns a builder with nothing set. */
    public static Builder builder() {
        return new Builder(MonitorSettings.empty());
    }

    /** Returns a builder holding what this config's settings set. */
    public Builder toBuilder() {
        return new Builder(written);
    }

    /**
     * Returns this config with every field its settings leave unset taken from {@code global}'s settings; a field
     * unset in both keeps the built-in default.
     */
    public HealthCheckConfig applyDefaults(HealthCheckConfig global) {
        return from(written.orElse(global.written));
    }

    /** Returns the number of consecutive failures that sends the down notification: 1 when retries are negative. */
    public int failureThreshold() {
        return Math.max(1, retries);
    }

    /** Returns whether a pass that took {@code latency} is slow: above {@code degradedAbove} when set. */
    public boolean slow(Duration latency) {
        return degradedAbove != null && latency.compareTo(degradedAbove) > 0;
    }

    /**
     * Returns whether an HTTP answer with {@code status} passes: in {@link #expectStatus()} when set, else below 500.
     */
    public boolean accepts(int status) {
        return expectStatus.isEmpty() ? status < 500 : expectStatus.contains(status);
    }

    /** Returns a copy with {@code retries} set; 0 leaves it to the default. */
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

    /** Builds a {@link HealthCheckConfig}; what is not set stays unset, so defaults can still apply. */
    public static final class Builder {
        private MonitorSettings settings;

        private Builder(MonitorSettings settings) {
            this.settings = settings;
        }

        /** Sets {@code setting} to {@code value}; {@code null} unsets it. */
        public <T> Builder set(Setting<T> setting, @Nullable T value) {
            settings = settings.with(setting, value);
            return this;
        }

        /** Sets the time between checks. */
        public Builder interval(@Nullable Duration value) {
            return set(MonitorSettings.INTERVAL, value);
        }

        /** Sets the bound on one check. */
        public Builder timeout(@Nullable Duration value) {
            return set(MonitorSettings.TIMEOUT, value);
        }

        /** Sets the path of an HTTP check. */
        public Builder path(@Nullable String value) {
            return set(MonitorSettings.PATH, value);
        }

        /** Sets the HTTP method, {@code GET} or {@code HEAD}. */
        public Builder method(@Nullable String value) {
            return set(MonitorSettings.METHOD, value);
        }

        /** Sets the retry threshold: negative notifies at once, 0 uses the default. */
        public Builder retries(int value) {
            return set(MonitorSettings.RETRIES, value);
        }

        /** Sets the longest random delay before the periodic schedule starts. */
        public Builder jitter(@Nullable Duration value) {
            return set(MonitorSettings.JITTER, value);
        }

        /** Sets how many passes in a row leave unhealthy or error. */
        public Builder healthyThreshold(@Nullable Integer value) {
            return set(MonitorSettings.HEALTHY_THRESHOLD, value);
        }

        /** Sets how many check errors in a row stop the monitor. */
        public Builder maxErrors(@Nullable Integer value) {
            return set(MonitorSettings.MAX_ERRORS, value);
        }

        /** Sets the accepted HTTP status codes; empty accepts anything below 500. */
        public Builder expectStatus(Set<Integer> value) {
            return set(MonitorSettings.EXPECT_STATUS, Set.copyOf(value));
        }

        /** Sets whether TLS certificates are verified. */
        public Builder tlsVerify(@Nullable Boolean value) {
            return set(MonitorSettings.TLS_VERIFY, value);
        }

        /** Sets whether HTTP checks reuse one kept-alive connection. */
        public Builder reuseConnection(@Nullable Boolean value) {
            return set(MonitorSettings.REUSE_CONNECTION, value);
        }

        /** Sets what a stream check sends. */
        public Builder payload(@Nullable String value) {
            return set(MonitorSettings.PAYLOAD, value);
        }

        /** Sets what a stream check must receive back. */
        public Builder expect(@Nullable String value) {
            return set(MonitorSettings.EXPECT, value);
        }

        /** Sets the group the monitor is listed under. */
        public Builder group(@Nullable String value) {
            return set(MonitorSettings.GROUP, value);
        }

        /** Sets whether the public status page lists the monitor. */
        public Builder listedPublicly(@Nullable Boolean value) {
            return set(MonitorSettings.PUBLIC, value);
        }

        /** Sets the latency above which a passing check is slow. */
        public Builder degradedAbove(@Nullable Duration value) {
            return set(MonitorSettings.DEGRADED_ABOVE, value);
        }

        /** Sets how many slow passes in a row make the monitor degraded. */
        public Builder degradedChecks(@Nullable Integer value) {
            return set(MonitorSettings.DEGRADED_CHECKS, value);
        }

        /** Sets the times before a certificate's expiry at which to notify. */
        public Builder certificateExpiry(List<Duration> value) {
            return set(MonitorSettings.CERTIFICATE_EXPIRY, List.copyOf(value));
        }

        /** Sets the monitors this one depends on. */
        public Builder dependsOn(List<String> value) {
            return set(MonitorSettings.DEPENDS_ON, List.copyOf(value));
        }

        /**
         * Returns the config: what is set, and the built-in default for the rest.
         *
         * @throws InvalidConfigException naming the first invalid field
         */
        public HealthCheckConfig build() {
            return from(settings);
        }
    }
}
