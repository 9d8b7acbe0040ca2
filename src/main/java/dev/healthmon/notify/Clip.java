package dev.healthmon.notify;

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

    /**
     * Returns {@code message} with its title, field names and values together at most {@code max} chars: every
     * value longer than one common cap is cut to it, the cap as high as the limit allows, so the longest values
     * (in practice the Detail, the one field without a bound of its own) lose the most and short ones nothing.
     */
    static Message fit(Message message, int max) {
        int allowed = max - message.title().length();
        int longest = 0;
        for (Message.Field field : message.fields()) {
            allowed -= field.name().length();
            longest = Math.max(longest, field.value().length());
        }
        if (total(message, longest) <= allowed) {
            return message;
        }
        // the highest cap that fits, by bisection; below two chars a cut value would be the ellipsis alone
        int low = 2;
        int high = longest;
        while (low < high) {
            int cap = (low + high + 1) / 2;
            if (total(message, cap) <= allowed) {
                low = cap;
            }
            else {
                high = cap - 1;
            }
        }
        int cap = low;
        List<Message.Field> fields = new ArrayList<>();
        for (Message.Field field : message.fields()) {
            fields.add(new Message.Field(field.name(), chars(field.value(), cap)));
        }
        return new Message(message.monitor(), message.kind(), message.title(), fields, message.color());
    }

    private static int total(Message message, int cap) {
        int sum = 0;
        for (Message.Field field : message.fields()) {
            sum += Math.min(field.value().length(), cap);
        }
        return sum;
    }
}
