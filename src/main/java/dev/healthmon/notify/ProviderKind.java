package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent.Notification;

/**
 * One kind of provider as the configuration names it: its {@code provider:} name, the keys it accepts beyond the
 * common ones, how its {@code url} is read and how its own keys are read.
 *
 * @param name the name written in {@code provider:}, such as {@code "ntfy"}
 * @param keys the provider's own keys
 * @param url reads the common {@code url} key: an {@code http(s)} URL for HTTP providers ({@link #of}), another
 *        reader for one that is not HTTP
 * @param reader reads and validates the provider's own keys; errors name {@code notifications.<name>.<key>}
 * @param takes the notification kinds the provider can tell of: every kind, or only downs and ups for one that
 *        speaks in incidents opened and resolved ({@link #outagesOnly()})
 */
record ProviderKind(String name, Set<String> keys, Function<ConfigMap, URI> url,
        Function<ConfigMap, ProviderSettings> reader, Set<Notification.Kind> takes) {

    ProviderKind {
        requireNonNull(name, "name");
        keys = Set.copyOf(keys);
        requireNonNull(url, "url");
        requireNonNull(reader, "reader");
        takes = Set.copyOf(takes);
    }

    ProviderKind(String name, Set<String> keys, Function<ConfigMap, URI> url,
            Function<ConfigMap, ProviderSettings> reader) {
        this(name, keys, url, reader, EnumSet.allOf(Notification.Kind.class));
    }

    /** Returns a kind whose {@code url} is a required {@code http://} or {@code https://} URL. */
    static ProviderKind of(String name, Set<String> keys, Function<ConfigMap, ProviderSettings> reader) {
        return new ProviderKind(name, keys, in -> in.httpUrl("url", null), reader);
    }

    /** Returns this kind with {@code url} defaulting to {@code fallback}, such as a public API's address. */
    ProviderKind withDefaultUrl(String fallback) {
        return new ProviderKind(name, keys, in -> in.httpUrl("url", fallback), reader, takes);
    }

    /**
     * Returns this kind taking downs and ups only: a provider whose down opens an incident that its up resolves
     * (PagerDuty, Alertmanager) has no incident a degraded, recovered or certificate message belongs to.
     */
    ProviderKind outagesOnly() {
        return new ProviderKind(name, keys, url, reader, EnumSet.of(Notification.Kind.DOWN, Notification.Kind.UP));
    }

    /**
     * Returns this kind with a {@code url} that is itself a secret (a webhook whose path or query holds its key):
     * an invalid one is reported without repeating it.
     */
    ProviderKind withSecretUrl() {
        return new ProviderKind(name, keys, ProviderKind::secretUrl, reader, takes);
    }

    /** Returns the provider's settings read from {@code in}. */
    ProviderSettings read(ConfigMap in) {
        return reader.apply(in);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Returns the required {@code http(s)} {@code url} of {@code in}; an invalid one is reported without it. */
    static URI secretUrl(ConfigMap in) {
        try {
            return in.httpUrl("url", null);
        }
        catch (InvalidConfigException e) {
            if (!in.has("url")) {
                throw e;    // "missing url" repeats nothing
            }
            throw in.invalid("url", "invalid url, not repeated here as it holds a secret (expected: "
                    + "http://host[:port][/path] or https://...)");
        }
    }
}
