package dev.healthmon.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.ConfigMap;
import reactor.core.publisher.Mono;

/**
 * A Discord webhook ({@code provider: discord}): one embed with the title, the colour and the fields, posted to
 * {@code url}; no keys beyond the common ones. Its body is also the webhook's {@code discord} template.
 */
record DiscordSettings() implements ProviderSettings {

    static final ProviderKind KIND = ProviderKind.of("discord", Set.of(), DiscordSettings::read);
    private static final int MAX_FIELD_VALUE = 1024;

    static DiscordSettings read(ConfigMap in) {
        return new DiscordSettings();
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        return transport.http(new Outbound("POST", letter.url(), Map.of("Content-Type", "application/json"),
                body(letter.message())));
    }

    /** Returns the JSON body of {@code message}: {@code {"embeds":[{"title","color","fields"}]}}. */
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
