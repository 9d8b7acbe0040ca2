package dev.healthmon.notify;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Discord's webhook format: one embed with the title, the colour and the fields; also the webhook's
 * {@code discord} template.
 */
final class DiscordEncoder {

    private static final int MAX_FIELD_VALUE = 1024;

    private DiscordEncoder() {
    }

    static Outbound post(URI url, Message message) {
        return new Outbound("POST", url, Map.of("Content-Type", "application/json"), body(message));
    }

    static String body(Message message) {
        List<Map<String, Object>> fields = message.fields().stream()
                .map(field -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("name", field.name());
                    out.put("value", clip(field.value()));
                    out.put("inline", false);
                    return out;
                })
                .toList();
        Map<String, Object> embed = new LinkedHashMap<>();
        embed.put("title", message.title());
        embed.put("color", message.color());
        embed.put("fields", fields);
        return Json.write(Map.of("embeds", List.of(embed)));
    }

    // Discord rejects the whole message (400) when one field value is longer
    private static String clip(String value) {
        return value.length() <= MAX_FIELD_VALUE ? value : value.substring(0, MAX_FIELD_VALUE - 1) + "…";
    }
}
