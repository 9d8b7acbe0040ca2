package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.healthmon.core.model.MonitorEvent.Notification;
import org.jspecify.annotations.Nullable;

/**
 * What people read about one down or up, independent of the provider: the seed's title, fields and colour.
 *
 * @param monitor the monitor's name
 * @param kind down or up, degraded or recovered, or certificate
 * @param title "❌ Service went down ❌", "✅ Service is up ✅" or the title of the other kinds
 * @param fields the seed's fields in order
 * @param color the colour as RGB: red for down, amber for degraded or certificate, green for up or recovered
 */
record Message(String monitor, Notification.Kind kind, String title, List<Field> fields, int color) {

    static final int RED = 0xff0000;
    static final int GREEN = 0x00ff00;
    static final int AMBER = 0xffa500;
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
     * URL, Detail (left out when empty, as the seed does), then Last Seen for a down or Ping for an up, a
     * degraded or a recovered; a certificate's detail says when it expires.
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
        switch (notification.kind()) {
            case DOWN -> fields.add(new Field("Last Seen", lastSeen(notification.lastSeen(), time)));
            case UP, DEGRADED, RECOVERED -> fields.add(new Field("Ping", notification.latency().toMillis() + " ms"));
            case CERTIFICATE -> {
                // the detail says when the certificate expires; nothing to add
            }
        }
        return new Message(notification.name(), notification.kind(), notification.title(), fields,
                color(notification.kind()));
    }

    /**
     * Returns one message for {@code notifications} gathered by a provider's {@code groupWait}: the title counts
     * them by kind ("❌ 300 services went down", "❌ 2 services went down, ✅ 1 service is up"), and each one is a
     * field named for its monitor whose value says its kind, time and detail. Red when one is a down.
     */
    static Message group(List<Notification> notifications, ZoneId zone) {
        DateTimeFormatter time = DateTimeFormatter.ofPattern(TIME_PATTERN, Locale.ROOT).withZone(zone);
        Map<Notification.Kind, Integer> counts = new EnumMap<>(Notification.Kind.class);
        List<Field> fields = new ArrayList<>();
        for (Notification notification : notifications) {
            counts.merge(notification.kind(), 1, Integer::sum);
            String detail = notification.detail().isEmpty() ? "" : ": " + notification.detail();
            fields.add(new Field(notification.name(), notification.kind() + " at "
                    + time.format(notification.time()) + detail));
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((kind, count) -> parts.add(count(kind, count)));
        Notification.Kind main = counts.containsKey(Notification.Kind.DOWN) ? Notification.Kind.DOWN
                : notifications.get(0).kind();
        return new Message(notifications.size() + " monitors", main, String.join(", ", parts), fields, color(main));
    }

    private static String count(Notification.Kind kind, int count) {
        String services = count == 1 ? "1 service" : count + " services";
        return switch (kind) {
            case DOWN -> "❌ " + services + (count == 1 ? " went down" : " went down");
            case UP -> "✅ " + services + (count == 1 ? " is up" : " are up");
            case DEGRADED -> "🐢 " + services + (count == 1 ? " is slow" : " are slow");
            case RECOVERED -> "✅ " + services + (count == 1 ? " is fast again" : " are fast again");
            case CERTIFICATE -> "🔒 " + (count == 1 ? "1 certificate expires" : count + " certificates expire")
                    + " soon";
        };
    }

    /** Returns the colour of {@code kind}: red for down, amber for degraded or certificate, green otherwise. */
    static int color(Notification.Kind kind) {
        return switch (kind) {
            case DOWN -> RED;
            case DEGRADED, CERTIFICATE -> AMBER;
            case UP, RECOVERED -> GREEN;
        };
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
