package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * One monitor setting, declared once: its key, how {@link ConfigMap} reads it, how it is checked, its built-in
 * default, whether {@code healthmon.defaults} may set it and how the monitor JSON shows it. The rows are the
 * constants of {@link MonitorSettings}; reading, merging, checking and showing settings all walk them, as
 * Armeria's {@code ClientFactoryOption}s are walked.
 *
 * <pre>{@code
 * static final Setting<Duration> INTERVAL = Setting.of("interval", ConfigMap::duration)
 *         .defaultValue(Duration.ofSeconds(30))
 *         .check(Setting::positive)
 *         .shown(HealthCheckConfig::interval, Durations::format);
 * }</pre>
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {

    private final String key;
    private final Reader<T> reader;
    private final Check<T> check;
    private final @Nullable T defaultValue;
    private final boolean defaultable;
    private final Predicate<T> unset;
    private final @Nullable String missing;
    private final @Nullable Function<HealthCheckConfig, @Nullable T> inEffect;
    private final Function<T, Object> view;

    private Setting(String key, Reader<T> reader, Check<T> check, @Nullable T defaultValue, boolean defaultable,
            Predicate<T> unset, @Nullable String missing, @Nullable Function<HealthCheckConfig, @Nullable T> inEffect,
            Function<T, Object> view) {
        this.key = key;
        this.reader = reader;
        this.check = check;
        this.defaultValue = defaultValue;
        this.defaultable = defaultable;
        this.unset = unset;
        this.missing = missing;
        this.inEffect = inEffect;
        this.view = view;
    }

    /**
     * Returns a setting written under {@code key} and read with {@code reader}: no check, no default, defaultable,
     * not shown.
     */
    public static <T> Setting<T> of(String key, Reader<T> reader) {
        return new Setting<>(requireNonNull(key, "key"), requireNonNull(reader, "reader"), (k, value) -> value, null,
                true, value -> false, null, null, Object.class::cast);
    }

    /** Returns the key, as written in YAML and JSON. */
    public String key() {
        return key;
    }

    /** Returns the built-in default, or {@code null} when there is none. */
    public @Nullable T defaultValue() {
        return defaultValue;
    }

    /** Returns whether {@code healthmon.defaults} may set this setting. */
    public boolean defaultable() {
        return defaultable;
    }

    /**
     * Returns whether {@link HealthCheckConfig} holds this setting's value in effect (and so the monitor JSON's
     * {@code config} object shows it), as opposed to a setting of the monitor itself, such as its URL.
     */
    public boolean inConfig() {
        return inEffect != null;
    }

    /** Returns a copy with {@code value} as the built-in default. */
    public Setting<T> defaultValue(T value) {
        return new Setting<>(key, reader, check, requireNonNull(value, "value"), defaultable, unset, missing,
                inEffect, view);
    }

    /** Returns a copy that checks (and may normalise) a value with {@code value}. */
    public Setting<T> check(Check<T> value) {
        return new Setting<>(key, reader, requireNonNull(value, "value"), defaultValue, defaultable, unset, missing,
                inEffect, view);
    }

    /** Returns a copy that {@code healthmon.defaults} may not set: it is set on each monitor. */
    public Setting<T> perMonitor() {
        return new Setting<>(key, reader, check, defaultValue, false, unset, missing, inEffect, view);
    }

    /** Returns a copy for which a value matching {@code value} means "not set", so a default applies. */
    public Setting<T> unsetWhen(Predicate<T> value) {
        return new Setting<>(key, reader, check, defaultValue, defaultable, requireNonNull(value, "value"), missing,
                inEffect, view);
    }

    /** Returns a copy that must be set; {@code problem} is the error when it is not, such as "missing (...)". */
    public Setting<T> required(String problem) {
        return new Setting<>(key, reader, check, defaultValue, defaultable, unset, requireNonNull(problem, "problem"),
                inEffect, view);
    }

    /** Returns a copy shown as it is in the monitor JSON's {@code config}; see {@link #shown(Function, Function)}. */
    public Setting<T> shown(Function<HealthCheckConfig, @Nullable T> inEffect) {
        return shown(inEffect, value -> value);
    }

    /**
     * Returns a copy shown in the monitor JSON's {@code config} object: the value in effect, taken from the
     * config with {@code inEffect} and written with {@code view}; left out when {@code null}.
     */
    public Setting<T> shown(Function<HealthCheckConfig, @Nullable T> inEffect, Function<T, Object> view) {
        return new Setting<>(key, reader, check, defaultValue, defaultable, unset, missing,
                requireNonNull(inEffect, "inEffect"), requireNonNull(view, "view"));
    }

    /**
     * Returns the value as written in {@code in}, or {@code null} when it is unset or means unset.
     *
     * @throws InvalidConfigException naming this key when the value is not of this setting's type
     */
    public @Nullable T read(ConfigMap in) {
        T value = reader.read(in, key);
        return value == null || unset.test(value) ? null : value;
    }

    /** Returns whether {@code value} means "not set". */
    public boolean isUnset(@Nullable T value) {
        return value == null || unset.test(value);
    }

    /**
     * Returns {@code value} checked, and normalised where this setting normalises.
     *
     * @throws InvalidConfigException naming this key when the value is invalid
     */
    public T checked(T value) {
        return check.check(key, requireNonNull(value, key));
    }

    /**
     * Returns {@code value} checked, or throws the error of a missing value.
     *
     * @throws InvalidConfigException naming this key when the value is missing or invalid
     */
    public T require(@Nullable T value) {
        if (value == null) {
            throw new InvalidConfigException(key, missing != null ? missing : "missing");
        }
        return checked(value);
    }

    /** Returns how the monitor JSON shows this setting's value in {@code config}, or {@code null} to leave it out. */
    public @Nullable Object view(HealthCheckConfig config) {
        T value = inEffect == null ? null : inEffect.apply(config);
        return value == null ? null : view.apply(value);
    }

    @Override
    public String toString() {
        return key;
    }

    /**
     * Reads the value of one key from a map of settings.
     *
     * @param <T> the type of the value
     */
    @FunctionalInterface
    public interface Reader<T> {

        /**
         * Returns the value of {@code key} in {@code in}, or {@code null} when it is unset.
         *
         * @throws InvalidConfigException naming the key when the value has the wrong type
         */
        @Nullable T read(ConfigMap in, String key);
    }

    /**
     * Checks one value, and may normalise it.
     *
     * @param <T> the type of the value
     */
    @FunctionalInterface
    public interface Check<T> {

        /**
         * Returns {@code value}, normalised if need be.
         *
         * @throws InvalidConfigException naming {@code key} when the value is invalid
         */
        T check(String key, T value);
    }
}
