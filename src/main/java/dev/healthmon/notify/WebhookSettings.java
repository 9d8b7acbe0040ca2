package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.MonitorEvent.Notification;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A generic webhook ({@code provider: webhook}): the {@code discord} or {@code slack} template, or a payload with
 * {@code $title}, {@code $message}, {@code $fields} and {@code $color} placeholders, JSON by default.
 *
 * <p>In a JSON payload {@code $title} and {@code $message} become JSON strings (write {@code "title": $title});
 * otherwise they are inserted as they are. {@code $fields} is always a JSON array of {@code {"name","value"}}
 * and {@code $color} the RGB colour as a decimal number.
 *
 * @param template {@code discord} or {@code slack} ({@code template}), or {@code null} for the payload
 * @param method {@code POST}, {@code PUT} or {@code PATCH} ({@code method}, {@code POST} by default)
 * @param contentType the body's content type ({@code contentType}, {@code application/json} by default)
 * @param payload the body with placeholders ({@code payload}), or {@code null} for {@link #DEFAULT_PAYLOAD}
 */
record WebhookSettings(@Nullable String template, String method, String contentType, @Nullable String payload)
        implements ProviderSettings {

    static final ProviderKind KIND = ProviderKind.of("webhook", Set.of("template", "method", "contentType",
            "payload"), WebhookSettings::read);
    static final String DEFAULT_PAYLOAD = "{\"title\":$title,\"message\":$message,\"fields\":$fields,\"color\":$color}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(title|message|fields|color)");
    private static final Set<String> TEMPLATES = Set.of("discord", "slack");
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH");
    private static final Message SAMPLE = new Message("sample", Notification.Kind.DOWN, "sample",
            List.of(new Message.Field("name", "value")), Message.RED);

    WebhookSettings {
        requireNonNull(method, "method");
        requireNonNull(contentType, "contentType");
    }

    static WebhookSettings read(ConfigMap in) {
        String template = in.text("template");
        String payload = in.text("payload");
        if (template != null) {
            if (!TEMPLATES.contains(template)) {
                throw in.invalid("template", "unknown template '" + template + "' (expected: discord or slack)");
            }
            if (payload != null) {
                throw in.invalid("payload", "a payload and a template exclude each other");
            }
        }
        String method = in.text("method", "POST").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw in.invalid("method", "unsupported method '" + method + "' (expected: POST, PUT or PATCH)");
        }
        String contentType = in.text("contentType", "application/json");
        if (template == null && payload == null && !isJson(contentType)) {
            throw in.invalid("payload", "missing payload (required when contentType is not JSON)");
        }
        if (payload != null && isJson(contentType) && !Json.valid(fill(payload, SAMPLE, true, TextFormat.PLAIN))) {
            throw in.invalid("payload", "payload is not valid JSON once its placeholders are filled");
        }
        return new WebhookSettings(template, method, contentType, payload);
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        Message message = letter.message();
        if (template != null) {
            String body = template.equals("discord") ? DiscordSettings.body(message) : SlackSettings.body(message);
            return transport.http(new Outbound(method, letter.url(), Map.of("Content-Type", "application/json"),
                    body));
        }
        String body = fill(payload == null ? DEFAULT_PAYLOAD : payload, message, isJson(contentType),
                isForm(contentType), letter.format());
        return transport.http(new Outbound(method, letter.url(), Map.of("Content-Type", contentType), body));
    }

    static String fill(String payload, Message message, boolean json, TextFormat format) {
        return fill(payload, message, json, false, format);
    }

    /** Returns {@code payload} filled as {@link #fill(String, Message, boolean, TextFormat)}, form-encoded when asked. */
    static String fill(String payload, Message message, boolean json, boolean form, TextFormat format) {
        Matcher matcher = PLACEHOLDER.matcher(payload);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = switch (matcher.group(1)) {
                case "title" -> json ? Json.write(message.title()) : message.title();
                case "message" -> json ? Json.write(message.text(format)) : message.text(format);
                case "fields" -> Json.write(fields(message));
                default -> Integer.toString(message.color());
            };
            if (form) {
                // a value is one form value, whatever it holds: '&' or '=' cannot add a field
                value = URLEncoder.encode(value, StandardCharsets.UTF_8);
            }
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

    private static boolean isForm(String contentType) {
        return contentType.toLowerCase(Locale.ROOT).contains("x-www-form-urlencoded");
    }

    private static boolean isJson(String contentType) {
        return contentType.toLowerCase(Locale.ROOT).contains("json");
    }
}
