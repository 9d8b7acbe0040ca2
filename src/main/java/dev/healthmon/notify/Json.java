package dev.healthmon.notify;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Writes and checks JSON for provider payloads; one thread-safe mapper for all providers. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** Returns {@code value} (maps, lists, strings, numbers) as compact JSON; map entries keep their order. */
    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Puts {@code value} under {@code key} in a body being built, as its text, unless it is {@code null}. */
    static void putIfSet(Map<String, Object> body, String key, @Nullable Object value) {
        if (value != null) {
            body.put(key, value.toString());
        }
    }

    /**
     * Returns the JSON object {@code text} holds.
     *
     * @throws IllegalArgumentException if it is not one JSON object
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(String text) {
        try {
            return MAPPER.readValue(text, Map.class);
        }
        catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /** Returns whether {@code text} is one complete JSON value. */
    static boolean valid(String text) {
        try {
            MAPPER.readTree(text);
            return true;
        }
        catch (JacksonException ignored) {
            // invalid JSON is the answer, not a failure
            return false;
        }
    }
}
