package dev.healthmon.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.ConfigMap;
import reactor.core.publisher.Mono;

/**
 * A Slack incoming webhook ({@code provider: slack}): the title as text and one coloured attachment with the
 * fields, posted to {@code url}; no keys beyond the common ones. Its body is also the webhook's {@code slack}
 * template, and the start of the Slack-compatible Mattermost and Rocket.Chat bodies.
 */
record SlackSettings() implements ProviderSettings {

    static final ProviderKind KIND = ProviderKind.of("slack", Set.of(), SlackSettings::read);

    static SlackSettings read(ConfigMap in) {
        return new SlackSettings();
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        return transport.http(new Outbound("POST", letter.url(), Map.of("Content-Type", "application/json"),
                body(letter.message())));
    }

    /** Returns the JSON body of {@code message}: {@code {"text", "attachments":[{"color","fields"}]}}. */
    static String body(Message message) {
        return Json.write(payload(message));
    }

    /**
     * Returns the body of {@code message} as an ordered map that a Slack-compatible provider may add keys to:
     * {@code text}, then {@code attachments} holding one attachment with {@code color} and {@code fields}.
     */
    static Map<String, Object> payload(Message message) {
        List<Map<String, Object>> fields = message.fields().stream()
                .map(field -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("title", field.name());
                    out.put("value", field.value());
                    out.put("short", false);
                    return out;
                })
                .toList();
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("color", message.hexColor());
        attachment.put("fields", fields);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", message.title());
        body.put("attachments", List.of(attachment));
        return body;
    }
}
