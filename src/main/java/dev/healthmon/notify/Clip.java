package dev.healthmon.notify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Cuts texts to a provider's documented size limits, marking each cut with an ellipsis. */
final class Clip {

    static final String ELLIPSIS = "…";

    private Clip() {
    }

    /** Returns {@code text} when it has at most {@code max} chars, else its start and an ellipsis in {@code max}. */
    static String chars(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max - ELLIPSIS.length());
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;  // never split an emoji in two
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    /** Returns {@code text} when its UTF-8 form has at most {@code maxBytes}, else its start and an ellipsis within. */
    static String utf8(String text, int maxBytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        int budget = maxBytes - ELLIPSIS.getBytes(StandardCharsets.UTF_8).length;
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    /**
     * Returns {@code message} with its title, field names and values together at most {@code max} chars: the
     * longest values are cut first (in practice the Detail, the one field without a bound of its own).
     */
    static Message fit(Message message, int max) {
        int total = message.title().length();
        List<String> values = new ArrayList<>();
        for (Message.Field field : message.fields()) {
            total += field.name().length() + field.value().length();
            values.add(field.value());
        }
        int excess = total - max;
        // each round cuts the longest value; a value cut to two chars is never the longest again while any is longer
        for (int round = 0; excess > 0 && round < 2 * values.size(); round++) {
            int longest = 0;
            for (int i = 1; i < values.size(); i++) {
                if (values.get(i).length() > values.get(longest).length()) {
                    longest = i;
                }
            }
            String value = values.get(longest);
            if (value.length() <= 2) {
                break;  // nothing left worth cutting; the fixed parts alone are over the limit
            }
            String cut = chars(value, Math.max(2, value.length() - excess));
            excess -= value.length() - cut.length();
            values.set(longest, cut);
        }
        List<Message.Field> fields = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            fields.add(new Message.Field(message.fields().get(i).name(), values.get(i)));
        }
        return new Message(message.monitor(), message.kind(), message.title(), fields, message.color());
    }
}
