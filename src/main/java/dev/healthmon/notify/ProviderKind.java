package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.function.Function;

import dev.healthmon.core.model.ConfigMap;
import org.jspecify.annotations.Nullable;

/**
 * One kind of provider as the configuration names it: its {@code provider:} name, the keys it accepts beyond the
 * common ones, its default {@code url} and how its own keys are read.
 *
 * @param name the name written in {@code provider:}, such as {@code "ntfy"}
 * @param keys the provider's own keys
 * @param defaultUrl the {@code url} when none is configured, or {@code null} when {@code url} is required
 * @param reader reads and validates the provider's own keys; errors name {@code notifications.<name>.<key>}
 */
record ProviderKind(String name, Set<String> keys, @Nullable String defaultUrl,
        Function<ConfigMap, ProviderSettings> reader) {

    ProviderKind {
        requireNonNull(name, "name");
        keys = Set.copyOf(keys);
        requireNonNull(reader, "reader");
    }

    /** Returns a kind whose {@code url} is required. */
    static ProviderKind of(String name, Set<String> keys, Function<ConfigMap, ProviderSettings> reader) {
        return new ProviderKind(name, keys, null, reader);
    }

    /** Returns the provider's settings read from {@code in}. */
    ProviderSettings read(ConfigMap in) {
        return reader.apply(in);
    }

    @Override
    public String toString() {
        return name;
    }
}
