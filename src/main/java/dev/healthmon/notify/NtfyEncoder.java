package dev.healthmon.notify;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.healthmon.core.model.MonitorEvent.Notification;

/**
 * ntfy's publish format: the text is the body of a {@code POST {url}/{topic}}; title, priority, tags and
 * markdown go in headers. Header values that are not ASCII (the titles' emoji) are RFC 2047 encoded, which ntfy
 * decodes.
 */
final class NtfyEncoder implements Encoder {

    static final int DOWN_PRIORITY = 4;
    static final int UP_PRIORITY = 3;

    private final ProviderConfig config;

    NtfyEncoder(ProviderConfig config) {
        this.config = config;
    }

    @Override
    public Outbound encode(Message message) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("Title", header(message.title()));
        headers.put("Priority", Integer.toString(priority(message)));
        if (!config.tags().isEmpty()) {
            headers.put("Tags", header(String.join(",", config.tags())));
        }
        if (config.format() == TextFormat.MARKDOWN) {
            headers.put("Markdown", "yes");
        }
        String token = config.token();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        String topic = config.topic() == null ? "" : config.topic();
        return new Outbound("POST", Encoder.append(config.url(), topic), headers, message.text(config.format()));
    }

    private int priority(Message message) {
        Integer configured = config.priority();
        if (configured != null) {
            return configured;
        }
        return message.kind() == Notification.Kind.DOWN ? DOWN_PRIORITY : UP_PRIORITY;
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
