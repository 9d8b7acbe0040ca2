package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * Reads typed values from one map of settings as written, in YAML or in JSON; every error is an
 * {@link InvalidConfigException} whose field is the key behind a prefix, such as {@code notifications.ntfy.topic}
 * or {@code docker.host}. The one reader of setting maps, shared by monitors and notification providers.
 *
 * <p>Scalars may arrive as text (YAML bound by Spring) or as numbers and booleans (decoded JSON); both are read
 * without turning one into the other and back. A list may be a list, one comma-separated text, or the map keyed
 * {@code "0"}, {@code "1"}, ... that Spring binds a YAML list inside a map to ({@link #normalize(Map)}).
 *
 * <pre>{@code
 * ConfigMap in = ConfigMap.of("notifications.ntfy.", settings);
 * in.allowOnly(Set.of("name", "provider", "url", "topic"), "provider ntfy");
 * String topic = in.required("topic");                 // or: notifications.ntfy.topic: missing topic
 * Duration timeout = in.positiveDuration("timeout", Duration.ofSeconds(10));
 * }</pre>
 */
public final class ConfigMap {

    private final String prefix;
    private final Map<String, ?> values;

    private ConfigMap(String prefix, Map<String, ?> values) {
        this.prefix = requireNonNull(prefix, "prefix");
        this.values = normalize(requireNonNull(values, "values"));
    }

    /** Returns a reader of {@code values} whose errors name {@code prefix + key}; {@code prefix} may be empty. */
    public static ConfigMap of(String prefix, Map<String, ?> values) {
        return new ConfigMap(prefix, values);
    }

    /**
     * Returns {@code map} with every map keyed {@code "0"}, {@code "1"}, ... (how Spring binds a YAML list inside a
     * {@code Map<String, Object>}) turned back into a list, at any depth, in index order.
     */
    public static Map<String, Object> normalize(Map<String, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((key, value) -> out.put(key, normalizeValue(value)));
        return out;
    }

    /** Returns how an error message names the kind of {@code value}: "a list", "an object", "integer", ... */
    public static String kind(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        return value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** Returns the keys that are set, in the order written. */
    public Set<String> keys() {
        return values.keySet();
    }

    /** Returns the raw value of {@code key}, or {@code null}. */
    public @Nullable Object raw(String key) {
        return values.get(key);
    }

    /** Returns the error for {@code key}, named with this reader's prefix. */
    public InvalidConfigException invalid(String key, String problem) {
        return new InvalidConfigException(prefix + key, problem);
    }

    /**
     * Checks that every key is one of {@code keys}.
     *
     * @throws InvalidConfigException naming the first unknown key (in sorted order) and the keys {@code owner}
     *         accepts
     */
    public void allowOnly(Set<String> keys, String owner) {
        for (String key : new TreeSet<>(values.keySet())) {
            if (!keys.contains(key)) {
                throw invalid(key, "not a setting of " + owner + " (expected one of: "
                        + String.join(", ", new TreeSet<>(keys)) + ")");
            }
        }
    }

    /** Returns whether {@code key} holds a non-blank value. */
    public boolean has(String key) {
        return text(key) != null;
    }

    /**
     * Returns the trimmed text of {@code key}, or {@code null} when it is unset or blank.
     *
     * @throws InvalidConfigException when it is a list or an object
     */
    public @Nullable String text(String key) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw invalid(key, "expected a single value, got " + kind(value));
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }

    /**
     * Returns the text of {@code key} exactly as written, untrimmed (what a stream check sends, for one), or
     * {@code null} when it is unset.
     *
     * @throws InvalidConfigException when it is a list or an object
     */
    public @Nullable String verbatim(String key) {
        Object value = values.get(key);
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw invalid(key, "expected a single value, got " + kind(value));
        }
        return value == null ? null : value.toString();
    }

    /** Returns the text of {@code key}, or {@code fallback} when it is unset. */
    public String text(String key, String fallback) {
        String text = text(key);
        return text == null ? fallback : text;
    }

    /**
     * Returns the text of {@code key}.
     *
     * @throws InvalidConfigException "missing {@code key}" when it is unset
     */
    public String required(String key) {
        String text = text(key);
        if (text == null) {
            throw invalid(key, "missing " + key);
        }
        return text;
    }

    /**
     * Returns the {@code http://} or {@code https://} URL of {@code key}, or {@code fallback} when unset.
     *
     * @throws InvalidConfigException when it is missing without a fallback, or not such a URL
     */
    public URI httpUrl(String key, @Nullable String fallback) {
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

    /**
     * Returns the whole number of {@code key}, or {@code null} when it is unset.
     *
     * @throws InvalidConfigException when it is not a whole number that fits an {@code int}
     */
    public @Nullable Integer integer(String key) {
        Object value = values.get(key);
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long number = ((Number) value).longValue();
            if (number == (int) number) {
                return (int) number;
            }
            throw invalid(key, "'" + value + "' is out of range");
        }
        String text = text(key);
        return text == null ? null : wholeNumber(key, text);
    }

    /**
     * Returns the whole number of {@code key} from {@code min} to {@code max}, or {@code fallback} when unset.
     *
     * @throws InvalidConfigException naming the accepted range
     */
    public int integer(String key, int fallback, int min, int max) {
        Integer value;
        try {
            value = integer(key);
        }
        catch (InvalidConfigException e) {
            throw outOfRange(key, min, max);
        }
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw outOfRange(key, min, max);
        }
        return value;
    }

    /**
     * Returns the boolean of {@code key}, or {@code null} when it is unset.
     *
     * @throws InvalidConfigException when it is neither {@code true} nor {@code false}
     */
    public @Nullable Boolean bool(String key) {
        Object value = values.get(key);
        if (value instanceof Boolean bool) {
            return bool;
        }
        String text = text(key);
        if (text == null) {
            return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw invalid(key, "'" + text + "' (expected: true or false)");
        };
    }

    /**
     * Returns the duration of {@code key} as {@link Durations#parse(String)} reads it, of any sign, or {@code null}
     * when it is unset: the one place where a setting's text becomes a duration.
     *
     * @throws InvalidConfigException when it is not a duration
     */
    public @Nullable Duration duration(String key) {
        Object value = values.get(key);
        if (value instanceof Duration duration) {
            return duration;
        }
        String text = text(key);
        if (text == null) {
            return null;
        }
        try {
            return Durations.parse(text);
        }
        catch (IllegalArgumentException e) {
            throw invalid(key, e.getMessage() == null ? "invalid duration '" + text + "'" : e.getMessage());
        }
    }

    /**
     * Returns the positive duration of {@code key}, or {@code null} when it is unset.
     *
     * @throws InvalidConfigException when it is not a duration, or not positive
     */
    public @Nullable Duration positiveDuration(String key) {
        Duration duration = duration(key);
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            throw invalid(key, "non-positive " + key + " " + Durations.format(duration) + " (expected: > 0)");
        }
        return duration;
    }

    /** Returns the positive duration of {@code key}, or {@code fallback} when it is unset. */
    public Duration positiveDuration(String key, Duration fallback) {
        Duration duration = positiveDuration(key);
        return duration == null ? fallback : duration;
    }

    /**
     * Returns the items of the list of {@code key}, trimmed, or an empty list when it is unset: a list, or one
     * comma-separated text.
     *
     * @throws InvalidConfigException when an item is blank, holds a comma, or is a list or an object
     */
    public List<String> list(String key) {
        Object value = values.get(key);
        List<String> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        Iterable<?> raw;
        if (value instanceof List<?> list) {
            raw = list;
        }
        else if (value instanceof Map<?, ?>) {
            throw invalid(key, "expected a list, got " + kind(value));
        }
        else if (value.toString().isBlank()) {
            return items;   // how Spring binds an empty YAML list, [], inside a map
        }
        else {
            raw = List.of(value.toString().split(","));
        }
        for (Object item : raw) {
            if (item instanceof Map<?, ?> || item instanceof List<?>) {
                throw invalid(key, "expected a list of values, got an item that is " + kind(item));
            }
            String text = item == null ? "" : item.toString().trim();
            if (text.isEmpty() || text.contains(",")) {
                throw invalid(key, "invalid item '" + text + "' in " + key);
            }
            items.add(text);
        }
        return List.copyOf(items);
    }

    /**
     * Returns the whole numbers of the list of {@code key}, read as {@link #list(String)} reads items, or an empty
     * list when it is unset.
     *
     * @throws InvalidConfigException when an item is not a whole number
     */
    public List<Integer> integers(String key) {
        List<Integer> numbers = new ArrayList<>();
        for (String item : list(key)) {
            numbers.add(wholeNumber(key, item));
        }
        return List.copyOf(numbers);
    }

    /**
     * Returns a reader of the object under {@code key}, whose errors name {@code prefix + key + "."}, or
     * {@code null} when it is unset.
     *
     * @throws InvalidConfigException when it is not an object
     */
    public @Nullable ConfigMap object(String key) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(key, "expected an object, got " + kind(value));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        map.forEach((k, v) -> fields.put(String.valueOf(k), v));
        return new ConfigMap(prefix + key + ".", fields);
    }

    private Integer wholeNumber(String key, String text) {
        try {
            return Integer.valueOf(text);
        }
        catch (NumberFormatException e) {
            throw invalid(key, "'" + text + "' is not a whole number");
        }
    }

    private InvalidConfigException outOfRange(String key, int min, int max) {
        return invalid(key, "invalid " + key + " '" + text(key) + "' (expected: an integer from " + min + " to "
                + max + ")");
    }

    private static @Nullable Object normalizeValue(@Nullable Object value) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(normalizeValue(item)));
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        if (!map.isEmpty() && map.keySet().stream().allMatch(k -> k instanceof String s && s.matches("\\d+"))) {
            TreeMap<Integer, Object> ordered = new TreeMap<>();
            map.forEach((k, v) -> ordered.put(Integer.valueOf((String) k), normalizeValue(v)));
            if (ordered.firstKey() == 0 && ordered.lastKey() == ordered.size() - 1) {
                return new ArrayList<>(ordered.values());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), normalizeValue(v)));
        return out;
    }
}
