package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.MonitorEvent.Notification;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * An ntfy server ({@code provider: ntfy}): the text is the body of a {@code POST {url}/{topic}}; title, priority,
 * tags and markdown go in headers. Header values that are not ASCII (the titles' emoji) are RFC 2047 encoded,
 * which ntfy decodes.
 *
 * @param topic the topic ({@code topic}, required, not starting with {@code /})
 * @param token the access token ({@code token}), or {@code null} to publish without one
 * @param priority the priority from 1 to 5 or by name ({@code priority}), or {@code null} for 4 on a down and 3
 *        on an up
 * @param tags the tags ({@code tags}); empty when there are none
 */
record NtfySettings(String topic, @Nullable String token, @Nullable Integer priority, List<String> tags)
        implements ProviderSettings {

    static final ProviderKind KIND = ProviderKind.of("ntfy", Set.of("topic", "token", "priority", "tags"),
            NtfySettings::read);
    static final int DOWN_PRIORITY = 4;
    static final int UP_PRIORITY = 3;
    private static final Map<String, Integer> PRIORITIES = Map.of(
            "min", 1, "low", 2, "default", 3, "high", 4, "urgent", 5, "max", 5);

    NtfySettings {
        requireNonNull(topic, "topic");
        tags = List.copyOf(tags);
    }

    static NtfySettings read(ConfigMap in) {
        String text = in.text("priority");
        Integer priority = text == null ? null : PRIORITIES.get(text.toLowerCase(Locale.ROOT));
        if (text != null && priority == null) {
            priority = in.integer("priority", UP_PRIORITY, 1, 5);
        }
        String topic = in.required("topic");
        if (topic.startsWith("/")) {
            throw in.invalid("topic", "topic must not start with '/'");
        }
        return new NtfySettings(topic, in.text("token"), priority, in.list("tags"));
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        Message message = letter.message();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("Title", header(message.title()));
        headers.put("Priority", Integer.toString(priority != null ? priority
                : message.kind() == Notification.Kind.DOWN ? DOWN_PRIORITY : UP_PRIORITY));
        if (!tags.isEmpty()) {
            headers.put("Tags", header(String.join(",", tags)));
        }
        if (letter.format() == TextFormat.MARKDOWN) {
            headers.put("Markdown", "yes");
        }
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        return transport.http(new Outbound("POST", letter.url(topic), headers, letter.text()));
    }

    /** Returns {@code value} as it is when ASCII, else as an RFC 2047 encoded word. */
    static String header(String value) {
        boolean ascii = value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        if (ascii) {
            return value;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
