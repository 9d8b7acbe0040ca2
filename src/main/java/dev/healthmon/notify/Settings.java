package dev.healthmon.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.healthmon.core.model.Durations;
import dev.healthmon.core.model.InvalidConfigException;
import org.jspecify.annotations.Nullable;

/**
 * Reads typed values from one provider's configuration map; every error names {@code notifications.<name>.<key>}.
 */
final class Settings {

    private final String provider;
    private final Map<String, ?> values;

    Settings(String provider, Map<String, ?> values) {
        this.provider = provider;
        this.values = values;
    }

    InvalidConfigException invalid(String key, String problem) {
        return new InvalidConfigException("notifications." + provider + "." + key, problem);
    }

    void allowOnly(Set<String> keys, String owner) {
        for (String key : new TreeMap<>(values).keySet()) {
            if (!keys.contains(key)) {
                throw invalid(key, "not a setting of " + owner + " (expected one of: "
                        + String.join(", ", new TreeSet<>(keys)) + ")");
            }
        }
    }

    boolean has(String key) {
        return text(key) != null;
    }

    @Nullable String text(String key) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw invalid(key, "expected a single value, got " + value);
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }

    String required(String key) {
        String text = text(key);
        if (text == null) {
            throw invalid(key, "missing " + key);
        }
        return text;
    }

    String text(String key, String fallback) {
        String text = text(key);
        return text == null ? fallback : text;
    }

    URI url(String key, @Nullable String fallback) {
        String text = text(key);
        if (text == null) {
            if (fallback == null) {
                throw invalid(key, "missing " + key);
            }
            text = fallback;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        }
        catch (URISyntaxException ignored) {
            // reported below with the expected form, which says more than the parser's message
        }
        throw invalid(key, "invalid url '" + text + "' (expected: http://host[:port][/path] or https://...)");
    }

    int integer(String key, int fallback, int min, int max) {
        String text = text(key);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        }
        catch (NumberFormatException ignored) {
            // reported below with the accepted range
        }
        throw invalid(key, "invalid " + key + " '" + text + "' (expected: an integer from " + min + " to " + max + ")");
    }

    @Nullable Duration duration(String key) {
        String text = text(key);
        if (text == null) {
            return null;
        }
        Duration duration;
        try {
            duration = Durations.parse(text);
        }
        catch (IllegalArgumentException e) {
            throw invalid(key, e.getMessage() == null ? "invalid duration '" + text + "'" : e.getMessage());
        }
        if (duration.isZero() || duration.isNegative()) {
            throw invalid(key, "non-positive " + key + " " + Durations.format(duration) + " (expected: > 0)");
        }
        return duration;
    }

    Duration duration(String key, Duration fallback) {
        Duration duration = duration(key);
        return duration == null ? fallback : duration;
    }

    /** Returns a list written as a YAML list, an index-keyed map (how Spring binds one) or comma-separated text. */
    List<String> list(String key) {
        Object value = values.get(key);
        List<String> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        Iterable<?> raw;
        if (value instanceof List<?> list) {
            raw = list;
        }
        else if (value instanceof Map<?, ?> map) {
            raw = new TreeMap<>(map).values();
        }
        else {
            raw = List.of(value.toString().split(","));
        }
        for (Object item : raw) {
            String text = item == null ? "" : item.toString().trim();
            if (text.isEmpty() || text.contains(",")) {
                throw invalid(key, "invalid item '" + text + "' in " + key);
            }
            items.add(text);
        }
        return List.copyOf(items);
    }
}
