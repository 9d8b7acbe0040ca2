package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The readers and checks that the rows of {@link MonitorSettings} are declared with, each a
 * {@link Setting.Reader} or a {@link Setting.Check}: errors name the key they are given.
 */
final class Checks {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Checks() {
    }

    /** The longest URL, path or name of a Docker container or host a monitor may have. */
    static final int MAX_URL = 2048;
    /** The longest payload or expected reply of a stream check. */
    static final int MAX_PAYLOAD = 4096;

    /** Returns {@code value} when it is positive and at most 365 days; the check of a duration that must be. */
    static Duration positive(String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new InvalidConfigException(key, "non-positive " + key + " " + Durations.format(value)
                    + " (expected: > 0)");
        }
        return atMostAYear(key, value);
    }

    /** Returns {@code value} when it is at most 365 days. */
    static Duration atMostAYear(String key, Duration value) {
        if (value.compareTo(Durations.MAX) > 0) {
            throw new InvalidConfigException(key, key + " " + Durations.format(value) + " is too long (expected: at "
                    + "most 365d)");
        }
        return value;
    }

    /** Returns {@code text} when it has at most {@code max} characters. */
    static String atMost(String key, String text, int max) {
        if (text.length() > max) {
            throw new InvalidConfigException(key, "too long: " + text.length() + " characters (expected: at most "
                    + max + ")");
        }
        return text;
    }

    /** Returns {@code text} when it is short enough to be a stream check's payload or expected reply. */
    static String payload(String key, String text) {
        return atMost(key, text, MAX_PAYLOAD);
    }

    /** Returns {@code value} when it is at least 1; the check of a count that must be. */
    static Integer atLeastOne(String key, Integer value) {
        if (value < 1) {
            throw new InvalidConfigException(key, value + " (expected: >= 1)");
        }
        return value;
    }

    /** Returns the durations of the list of {@code key}, or {@code null} when it is unset. */
    static @Nullable List<Duration> durations(ConfigMap in, String key) {
        List<String> items = in.list(key);
        if (items.isEmpty()) {
            return null;
        }
        List<Duration> values = new ArrayList<>();
        for (String item : items) {
            try {
                values.add(Durations.parse(item));
            }
            catch (IllegalArgumentException e) {
                throw in.invalid(key, "invalid duration '" + item + "' in " + key + " (such as 21d or 12h)");
            }
        }
        return List.copyOf(values);
    }

    /** Returns the thresholds, each positive, without repeats, longest first. */
    static List<Duration> thresholds(String key, List<Duration> values) {
        TreeSet<Duration> sorted = new TreeSet<>(Comparator.reverseOrder());
        for (Duration value : values) {
            sorted.add(positive(key, value));
        }
        return List.copyOf(sorted);
    }

    /** Returns the monitor names, each valid, without repeats, in the order written. */
    static List<String> names(String key, List<String> values) {
        Set<String> seen = new LinkedHashSet<>();
        for (String value : values) {
            seen.add(name(key, value));
        }
        return List.copyOf(seen);
    }

    static Set<Integer> statuses(ConfigMap in, String key) {
        return Set.copyOf(in.integers(key));
    }

    static @Nullable URI uri(ConfigMap in, String key) {
        String text = in.text(key);
        return text == null ? null : uri(key, text);
    }

    private static URI uri(String key, String text) {
        atMost(key, text, MAX_URL);
        try {
            return new URI(text);
        }
        catch (URISyntaxException e) {
            throw new InvalidConfigException(key, "'" + text + "' is not a URL: " + e.getReason());
        }
    }

    static Target.@Nullable DockerTarget docker(ConfigMap in, String key) {
        Object raw = in.raw(key);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof String) && !(raw instanceof Map<?, ?>)) {
            throw in.invalid(key, "expected an object {container, host}, got " + ConfigMap.kind(raw));
        }
        ConfigMap docker = raw instanceof String container ? ConfigMap.of(key + ".", Map.of("container", container))
                : requireNonNull(in.object(key));
        for (String field : new TreeSet<>(docker.keys())) {
            if (!field.equals("container") && !field.equals("host")) {
                throw docker.invalid(field, "unknown field (expected: container, host)");
            }
        }
        String container = docker.text("container");
        if (container == null) {
            throw docker.invalid("container", "missing (the container's name or id)");
        }
        atMost(key + ".container", container, 256);
        String host = docker.text("host");
        return new Target.DockerTarget(container, host == null ? null : uri(key + ".host", host));
    }

    static String name(String key, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidConfigException(key, "'" + name + "' (expected: up to 128 letters, digits, '.', "
                    + "'_' or '-', starting with a letter or digit)");
        }
        return name;
    }

    static String group(String key, String group) {
        String trimmed = group.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidConfigException(key, "empty (leave it out for no group)");
        }
        if (trimmed.length() > 64) {
            throw new InvalidConfigException(key, "longer than 64 characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidConfigException(key, "holds a control character");
        }
        return trimmed;
    }

    static URI hasScheme(String key, URI url) {
        // "localhost:8080" parses as scheme "localhost": it is a host and port without a scheme
        boolean hostAndPort = url.isOpaque() && url.getSchemeSpecificPart().matches("\\d+(/.*)?");
        if (url.getScheme() == null || hostAndPort) {
            throw new InvalidConfigException(key, "'" + url + "' has no scheme (such as http://, h2c://, "
                    + "tcp://, udp:// or file://)");
        }
        return url;
    }

    static URI httpUrl(String key, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidConfigException(key, "'" + url + "' (expected: an http:// or https:// URL)");
        }
        return url;
    }

    static String path(String key, String path) {
        atMost(key, path, MAX_URL);
        if (!path.startsWith("/")) {
            throw new InvalidConfigException(key, "'" + path + "' does not start with '/'");
        }
        return path;
    }

    static String method(String key, String written) {
        String method = written.trim().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new InvalidConfigException(key, "'" + method + "' (expected: GET or HEAD)");
        }
        return method;
    }

    static Integer nonZero(String key, Integer retries) {
        if (retries == 0) {
            throw new InvalidConfigException(key, "0 in effect (expected: non-zero; as written, 0 means the default)");
        }
        return retries;
    }

    static Duration notNegative(String key, Duration value) {
        if (value.isNegative()) {
            throw new InvalidConfigException(key, "negative " + key + " " + Durations.format(value)
                    + " (expected: >= 0)");
        }
        return atMostAYear(key, value);
    }

    static Set<Integer> httpStatuses(String key, Set<Integer> codes) {
        for (int code : new TreeSet<>(codes)) {
            if (code < 100 || code > 599) {
                throw new InvalidConfigException(key, code + " is not an HTTP status (expected: 100-599)");
            }
        }
        return Set.copyOf(codes);
    }
}
