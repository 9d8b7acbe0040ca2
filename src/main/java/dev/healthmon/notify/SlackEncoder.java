package dev.healthmon.notify;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slack's incoming-webhook format: the title as text and one coloured attachment with the fields; the webhook's
 * {@code slack} template.
 */
final class SlackEncoder {

    private SlackEncoder() {
    }

    static Outbound post(URI url, Message message) {
        return new Outbound("POST", url, Map.of("Content-Type", "application/json"), body(message));
    }

    static String body(Message message) {
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
        return Json.write(body);
    }
}
