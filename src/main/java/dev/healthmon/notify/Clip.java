package dev.healthmon.notify;

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
}
