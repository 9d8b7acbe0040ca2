package dev.healthmon.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.MonitorEvent.Notification;

/**
 * A generic webhook: the {@code discord} or {@code slack} template, or a payload with {@code $title},
 * {@code $message}, {@code $fields} and {@code $color} placeholders, JSON by default.
 *
 * <p>In a JSON payload {@code $title} and {@code $message} become JSON strings (write {@code "title": $title});
 * otherwise they are inserted as they are. {@code $fields} is always a JSON array of {@code {"name","value"}}
 * and {@code $color} the RGB colour as a decimal number.
 */
final class WebhookEncoder implements Encoder {

    static final String DEFAULT_PAYLOAD = "{\"title\":$title,\"message\":$message,\"fields\":$fields,\"color\":$color}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(title|message|fields|color)");
    private static final Set<String> TEMPLATES = Set.of("discord", "slack");
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH");
    private static final Message SAMPLE = new Message("sample", Notification.Kind.DOWN, "sample",
            List.of(new Message.Field("name", "value")), Message.RED);

    private final ProviderConfig config;

    WebhookEncoder(ProviderConfig config) {
        this.config = config;
    }

    static void validate(ConfigMap in, Map<String, String> options) {
        String template = options.get("template");
        if (template != null) {
            if (!TEMPLATES.contains(template)) {
                throw in.invalid("template", "unknown template '" + template + "' (expected: discord or slack)");
            }
            if (options.containsKey("payload")) {
                throw in.invalid("payload", "a payload and a template exclude each other");
            }
        }
        String method = options.getOrDefault("method", "POST").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw in.invalid("method", "unsupported method '" + method + "' (expected: POST, PUT or PATCH)");
        }
        String contentType = options.getOrDefault("contentType", "application/json");
        String payload = options.get("payload");
        if (template == null && payload == null && !isJson(contentType)) {
            throw in.invalid("payload", "missing payload (required when contentType is not JSON)");
        }
        if (payload != null && isJson(contentType) && !Json.valid(fill(payload, SAMPLE, true, TextFormat.PLAIN))) {
            throw in.invalid("payload", "payload is not valid JSON once its placeholders are filled");
        }
    }

    @Override
    public Outbound encode(Message message) {
        String template = config.template();
        if (template != null) {
            String body = template.equals("discord") ? DiscordEncoder.body(message) : SlackEncoder.body(message);
            return new Outbound(config.method(), config.url(), Map.of("Content-Type", "application/json"), body);
        }
        String payload = config.payload() == null ? DEFAULT_PAYLOAD : config.payload();
        String body = fill(payload, message, isJson(config.contentType()), config.format());
        return new Outbound(config.method(), config.url(), Map.of("Content-Type", config.contentType()), body);
    }

    static String fill(String payload, Message message, boolean json, TextFormat format) {
        Matcher matcher = PLACEHOLDER.matcher(payload);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = switch (matcher.group(1)) {
                case "title" -> json ? Json.write(message.title()) : message.title();
                case "message" -> json ? Json.write(message.text(format)) : message.text(format);
                case "fields" -> Json.write(fields(message));
                default -> Integer.toString(message.color());
            };
            // one pass: a value that contains "$title" is never expanded again
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static List<Map<String, String>> fields(Message message) {
        return message.fields().stream()
                .map(field -> {
                    Map<String, String> out = new LinkedHashMap<>();
                    out.put("name", field.name());
                    out.put("value", field.value());
                    return out;
                })
                .toList();
    }

    private static boolean isJson(String contentType) {
        return contentType.toLowerCase(Locale.ROOT).contains("json");
    }
}
