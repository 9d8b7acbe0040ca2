package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.healthmon.core.model.MonitorEvent.Notification;
import org.jspecify.annotations.Nullable;

/**
 * What people read about one down or up, independent of the provider: the seed's title, fields and colour.
 *
 * @param monitor the monitor's name
 * @param kind down or up
 * @param title "❌ Service went down ❌" or "✅ Service is up ✅"
 * @param fields the seed's fields in order
 * @param color the colour as RGB, red for down and green for up
 */
record Message(String monitor, Notification.Kind kind, String title, List<Field> fields, int color) {

    static final int RED = 0xff0000;
    static final int GREEN = 0x00ff00;
    private static final String TIME_PATTERN = "yyyy-MM-dd HH:mm:ss z";
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");
    private static final Pattern MARKDOWN_INLINE = Pattern.compile("[\\\\`*_\\[\\]<>|~]");
    private static final Pattern MARKDOWN_LINE_START = Pattern.compile("^(\\s*[#+=-]|\\s*\\d+[.)])");

    Message {
        requireNonNull(monitor, "monitor");
        requireNonNull(kind, "kind");
        requireNonNull(title, "title");
        fields = List.copyOf(fields);
    }

    /**
     * Returns the message of {@code notification}, its times written in {@code zone}: Service Name, Time, Service
     * URL, Detail (left out when empty, as the seed does), then Last Seen for a down or Ping for an up.
     */
    static Message of(Notification notification, ZoneId zone) {
        DateTimeFormatter time = DateTimeFormatter.ofPattern(TIME_PATTERN, Locale.ROOT).withZone(zone);
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("Service Name", notification.name()));
        fields.add(new Field("Time", time.format(notification.time())));
        fields.add(new Field("Service URL", notification.url()));
        if (!notification.detail().isEmpty()) {
            fields.add(new Field("Detail", notification.detail()));
        }
        boolean down = notification.kind() == Notification.Kind.DOWN;
        if (down) {
            fields.add(new Field("Last Seen", lastSeen(notification.lastSeen(), time)));
        }
        else {
            fields.add(new Field("Ping", notification.latency().toMillis() + " ms"));
        }
        return new Message(notification.name(), notification.kind(), notification.title(), fields,
                down ? RED : GREEN);
    }

    /** Returns the fields as text: a markdown heading per name with the value below, or {@code name: value} lines. */
    String text(TextFormat format) {
        StringBuilder out = new StringBuilder();
        for (Field field : fields) {
            // a value is one line, so it cannot start a heading or a field of its own
            String value = oneLine(field.value());
            if (format == TextFormat.MARKDOWN) {
                out.append("#### ").append(field.name()).append('\n').append(markdown(value)).append('\n');
            }
            else {
                out.append(field.name()).append(": ").append(value).append('\n');
            }
        }
        return out.toString();
    }

    /** Returns {@code value} on one line: every line break, and every other control character, a space. */
    static String oneLine(String value) {
        return CONTROL.matcher(value).replaceAll(" ");
    }

    /**
     * Returns {@code value} written so that markdown shows it as it is: what would start emphasis, code, a link,
     * an HTML tag or a table cell is escaped, and so is what would start a heading or a list at the line's start.
     */
    static String markdown(String value) {
        String escaped = MARKDOWN_INLINE.matcher(value).replaceAll(match -> Matcher.quoteReplacement("\\"
                + match.group()));
        return MARKDOWN_LINE_START.matcher(escaped).find() ? "\\" + escaped : escaped;
    }

    /** Returns the colour as {@code #rrggbb}. */
    String hexColor() {
        return String.format(Locale.ROOT, "#%06x", color);
    }

    private static String lastSeen(@Nullable Instant lastSeen, DateTimeFormatter time) {
        return lastSeen == null ? "never" : time.format(lastSeen);
    }

    /** One named value of a message. */
    record Field(String name, String value) {
        Field {
            requireNonNull(name, "name");
            requireNonNull(value, "value");
        }
    }
}
