package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.MonitorEvent.Notification;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A Gotify server ({@code provider: gotify}): JSON {@code title}, {@code message} and {@code priority} posted to
 * {@code {url}/message} with the application token in {@code X-Gotify-Key}; markdown is announced in the extras.
 *
 * @param token the application token ({@code token}, required)
 * @param priority the priority from 0 to 10 ({@code priority}), or {@code null} for 8 on a down and 5 on an up
 */
record GotifySettings(String token, @Nullable Integer priority) implements ProviderSettings {

    static final ProviderKind KIND = ProviderKind.of("gotify", Set.of("token", "priority"), GotifySettings::read);
    static final int DOWN_PRIORITY = 8;
    static final int UP_PRIORITY = 5;

    GotifySettings {
        requireNonNull(token, "token");
    }

    static GotifySettings read(ConfigMap in) {
        Integer priority = in.has("priority") ? in.integer("priority", UP_PRIORITY, 0, 10) : null;
        return new GotifySettings(in.required("token"), priority);
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        Message message = letter.message();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", message.title());
        body.put("message", letter.text());
        body.put("priority", priority != null ? priority
                : message.kind() == Notification.Kind.DOWN ? DOWN_PRIORITY : UP_PRIORITY);
        if (letter.format() == TextFormat.MARKDOWN) {
            body.put("extras", Map.of("client::display", Map.of("contentType", "text/markdown")));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Gotify-Key", token);
        return transport.http(new Outbound("POST", letter.url("message"), headers, Json.write(body)));
    }
}
