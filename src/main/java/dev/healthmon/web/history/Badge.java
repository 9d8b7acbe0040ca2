package dev.healthmon.web.history;

import java.math.BigDecimal;
import java.math.RoundingMode;

import dev.healthmon.core.model.HealthStatus;
import org.jspecify.annotations.Nullable;

/**
 * A shields-style SVG badge: a grey label and a coloured value. A pure function of its text; every piece of text
 * is escaped for XML, since monitor names come from users.
 *
 * @param label the left part, usually the monitor's name
 * @param value the right part
 * @param color the right part's colour, {@code #rrggbb}
 */
record Badge(String label, String value, String color) {

    static final String GREEN = "#4c1";
    static final String LIGHT_GREEN = "#97ca00";
    static final String YELLOW_GREEN = "#a4a61d";
    static final String YELLOW = "#dfb317";
    static final String ORANGE = "#fe7d37";
    static final String RED = "#e05d44";
    static final String BLUE = "#007ec6";
    static final String GREY = "#9f9f9f";

    private static final int MAX_LABEL = 48;
    private static final String NO_DATA = "no data";

    /** Returns the badge of a monitor's status. */
    static Badge status(String name, HealthStatus status) {
        String color = switch (status) {
            case HEALTHY, DEGRADED -> GREEN;
            case UNHEALTHY, ERROR -> RED;
            case STARTING, NAPPING -> BLUE;
            case UNKNOWN, STOPPED -> GREY;
        };
        return new Badge(name, status.toString(), color);
    }

    /** Returns the badge of an uptime ratio, shown as a percentage that never rounds up to 100%. */
    static Badge uptime(String name, @Nullable Double uptime) {
        if (uptime == null) {
            return new Badge(name, NO_DATA, GREY);
        }
        BigDecimal percent = BigDecimal.valueOf(uptime * 100).setScale(2, RoundingMode.FLOOR).stripTrailingZeros();
        double shown = percent.doubleValue();
        String color = shown >= 99.9 ? GREEN : shown >= 99 ? LIGHT_GREEN : shown >= 97 ? YELLOW_GREEN
                : shown >= 95 ? YELLOW : shown >= 90 ? ORANGE : RED;
        return new Badge(name, percent.toPlainString() + "%", color);
    }

    /** Returns the badge of a mean latency in milliseconds. */
    static Badge latency(String name, @Nullable Double millis) {
        if (millis == null) {
            return new Badge(name, NO_DATA, GREY);
        }
        long shown = Math.round(millis);
        String color = shown < 200 ? GREEN : shown < 500 ? YELLOW : shown < 1000 ? ORANGE : RED;
        return new Badge(name, shown + " ms", color);
    }

    /** Returns the SVG document. */
    String svg() {
        String left = shorten(label);
        int leftWidth = width(left);
        int rightWidth = width(value);
        int total = leftWidth + rightWidth;
        String title = escape(left + ": " + value);
        String leftText = escape(left);
        String rightText = escape(value);
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + total + "\" height=\"20\" role=\"img\""
                + " aria-label=\"" + title + "\">"
                + "<title>" + title + "</title>"
                + "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\""
                + " stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>"
                + "<clipPath id=\"r\"><rect width=\"" + total + "\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>"
                + "<g clip-path=\"url(#r)\"><rect width=\"" + leftWidth + "\" height=\"20\" fill=\"#555\"/>"
                + "<rect x=\"" + leftWidth + "\" width=\"" + rightWidth + "\" height=\"20\" fill=\"" + color + "\"/>"
                + "<rect width=\"" + total + "\" height=\"20\" fill=\"url(#s)\"/></g>"
                + "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\""
                + " font-size=\"11\">"
                + text(leftWidth / 2.0, leftText)
                + text(leftWidth + rightWidth / 2.0, rightText)
                + "</g></svg>";
    }

    private static String text(double x, String escaped) {
        String at = BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
        return "<text x=\"" + at + "\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">" + escaped + "</text>"
                + "<text x=\"" + at + "\" y=\"14\">" + escaped + "</text>";
    }

    // Verdana 11px averages about 7 px a character; 10 px of padding around the text
    private static int width(String text) {
        return text.codePointCount(0, text.length()) * 7 + 10;
    }

    private static String shorten(String text) {
        if (text.codePointCount(0, text.length()) <= MAX_LABEL) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_LABEL - 1)) + "\u2026";
    }

    /** Returns {@code text} safe inside XML text and attribute values; characters XML forbids become '?'. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> {
                    if (allowedInXml(c)) {
                        escaped.appendCodePoint(c);
                    }
                    else {
                        escaped.append('?');
                    }
                }
            }
        });
        return escaped.toString();
    }

    private static boolean allowedInXml(int c) {
        return c >= 0x20 && c < 0xD800 || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000;
    }
}
