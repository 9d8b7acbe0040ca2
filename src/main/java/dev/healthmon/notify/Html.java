package dev.healthmon.notify;

/** Escapes text for the HTML that the email and Matrix providers send: names and details come from the network. */
final class Html {

    private Html() {
    }

    /** Returns {@code text} with {@code & < > " '} escaped, safe inside an element and inside a quoted attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
