package dev.healthmon.notify;

import java.util.ArrayList;
import java.util.List;

/** Shortens texts to the lengths a provider's API documents, so that a long detail never gets a message refused. */
final class Clip {

    private static final String ELLIPSIS = "…";

    private Clip() {
    }

    /**
     * Returns {@code text} as it is when it has at most {@code max} characters, else its start and "…" in
     * {@code max} characters, never splitting a surrogate pair.
     */
    static String to(int max, String text) {
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
        }
        if (text.length() <= max) {
            return text;
        }
        int end = max - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
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
            fields.add(new Message.Field(field.name(), to(cap, field.value())));
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
