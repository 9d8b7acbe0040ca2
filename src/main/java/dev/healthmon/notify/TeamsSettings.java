package dev.healthmon.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.MonitorEvent.Notification;
import reactor.core.publisher.Mono;

/**
 * Microsoft Teams through a Workflows webhook ({@code provider: teams}): a message with one Adaptive Card 1.4 (the
 * title in red or green, then a fact set of the fields) posted to {@code url}, the workflow's "When a Teams webhook
 * request is received" address; no keys beyond the common ones.
 *
 * <p>Teams refuses a message over about 28 KB, so each field value is clipped to {@value #MAX_VALUE} characters.
 */
record TeamsSettings() implements ProviderSettings {

    static final ProviderKind KIND = ProviderKind.of("teams", Set.of(), TeamsSettings::read);
    static final int MAX_VALUE = 2000;
    private static final String SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

    static TeamsSettings read(ConfigMap in) {
        return new TeamsSettings();
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        return transport.http(new Outbound("POST", letter.url(), Map.of("Content-Type", "application/json"),
                body(letter.message())));
    }

    /**
     * Returns the JSON body of {@code message}: {@code {"type":"message","attachments":[{"contentType":
     * "application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard","version":"1.4",...}}]}}.
     */
    static String body(Message message) {
        Map<String, Object> title = new LinkedHashMap<>();
        title.put("type", "TextBlock");
        title.put("text", message.title());
        title.put("size", "Large");
        title.put("weight", "Bolder");
        title.put("color", message.kind() == Notification.Kind.DOWN ? "Attention" : "Good");
        title.put("wrap", true);
        List<Map<String, Object>> facts = message.fields().stream()
                .map(field -> {
                    Map<String, Object> fact = new LinkedHashMap<>();
                    fact.put("title", field.name());
                    fact.put("value", Clip.to(MAX_VALUE, field.value()));
                    return fact;
                })
                .toList();
        Map<String, Object> factSet = new LinkedHashMap<>();
        factSet.put("type", "FactSet");
        factSet.put("facts", facts);
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", SCHEMA);
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("body", List.of(title, factSet));
        card.put("msteams", Map.of("width", "Full"));
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("content", card);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "message");
        body.put("attachments", List.of(attachment));
        return Json.write(body);
    }
}
