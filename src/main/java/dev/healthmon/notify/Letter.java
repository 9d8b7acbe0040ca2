package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.net.URI;

import dev.healthmon.core.model.MonitorEvent.Notification;
import org.jspecify.annotations.Nullable;

/**
 * One message ready for a provider: what to say, the key that identifies it, where it goes and how its text is
 * written.
 *
 * @param notification the down or up it tells of: its times and outage, for providers that need more than the text
 * @param message the title, fields and colour
 * @param key the idempotency key of this message (see {@link Job#key()}): the same for every attempt
 * @param url the provider's configured base URL
 * @param format how the fields are written in the text
 * @param group the group of the monitor, or {@code null} when it has none
 */
record Letter(Notification notification, Message message, String key, URI url, TextFormat format,
        @Nullable String group) {

    Letter {
        requireNonNull(notification, "notification");
        requireNonNull(message, "message");
        requireNonNull(key, "key");
        requireNonNull(url, "url");
        requireNonNull(format, "format");
    }

    /** Returns the fields as text in this letter's format. */
    String text() {
        return message.text(format);
    }

    /** Returns {@link #url()} with {@code path} appended, with exactly one slash between them. */
    URI url(String path) {
        String text = url.toString();
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        return URI.create(trimmed + (path.startsWith("/") ? path : "/" + path));
    }
}
