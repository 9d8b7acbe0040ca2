package dev.healthmon.notify;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.healthmon.core.model.MonitorEvent.Notification;

/**
 * Gotify's message format: JSON {@code title}, {@code message} and {@code priority} posted to
 * {@code {url}/message} with the application token in {@code X-Gotify-Key}; markdown is announced in the extras.
 */
final class GotifyEncoder implements Encoder {

    static final int DOWN_PRIORITY = 8;
    static final int UP_PRIORITY = 5;

    private final ProviderConfig config;

    GotifyEncoder(ProviderConfig config) {
        this.config = config;
    }

    @Override
    public Outbound encode(Message message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", message.title());
        body.put("message", message.text(config.format()));
        body.put("priority", priority(message));
        if (config.format() == TextFormat.MARKDOWN) {
            body.put("extras", Map.of("client::display", Map.of("contentType", "text/markdown")));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Gotify-Key", config.token() == null ? "" : config.token());
        return new Outbound("POST", Encoder.append(config.url(), "message"), headers, Json.write(body));
    }

    private int priority(Message message) {
        Integer configured = config.priority();
        if (configured != null) {
            return configured;
        }
        return message.kind() == Notification.Kind.DOWN ? DOWN_PRIORITY : UP_PRIORITY;
    }
}
