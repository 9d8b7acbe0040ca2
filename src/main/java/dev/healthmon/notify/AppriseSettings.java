package dev.healthmon.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.MonitorEvent.Notification;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * An Apprise API server ({@code provider: apprise}), which reaches about a hundred services: the title, the text,
 * the type ({@code failure} for a down, {@code success} for an up) and the format as JSON, either to
 * {@code POST {url}/notify} with the Apprise URLs to notify ({@code urls}, stateless), or to
 * {@code POST {url}/notify/{key}} for the URLs the server keeps under a configuration key ({@code key}).
 *
 * @param urls the Apprise URLs ({@code urls}: a list, or one text with URLs apart as Apprise reads them, such as
 *        {@code tgram://bottoken/chatid}); empty with a key. They hold the services' credentials, so neither an
 *        error nor {@link #toString()} shows them
 * @param key the configuration key ({@code key}: letters, digits, {@code _} and {@code -}, up to 128), or
 *        {@code null} with urls; whoever knows it can notify, so {@link #toString()} never shows it
 * @param tag which of the key's URLs to notify ({@code tag}: a comma between tags means or, a space means and),
 *        or {@code null} for the server's default; only with a key
 */
record AppriseSettings(List<String> urls, @Nullable String key, @Nullable String tag) implements ProviderSettings {

    static final ProviderKind KIND = ProviderKind.of("apprise", Set.of("urls", "key", "tag"), AppriseSettings::read);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");

    AppriseSettings {
        urls = List.copyOf(urls);
    }

    static AppriseSettings read(ConfigMap in) {
        List<String> urls = urls(in);
        String key = in.text("key");
        if (urls.isEmpty() && key == null) {
            throw in.invalid("urls", "missing urls or key (expected: the Apprise URLs to notify, or the key of "
                    + "a configuration the server keeps)");
        }
        if (!urls.isEmpty() && key != null) {
            throw in.invalid("key", "urls and a key exclude each other");
        }
        for (int i = 0; i < urls.size(); i++) {
            if (!SCHEME.matcher(urls.get(i)).matches()) {
                // the item is not repeated: an Apprise URL carries the service's credentials
                throw in.invalid("urls", "item " + (i + 1) + " is not an Apprise URL (expected: service://..., "
                        + "such as tgram://bottoken/chatid)");
            }
        }
        if (key != null && !KEY.matcher(key).matches()) {
            // not repeated: whoever knows the key can notify through the server
            throw in.invalid("key", "invalid key (expected: up to 128 letters, digits, _ or -)");
        }
        String tag = in.text("tag");
        if (tag != null && key == null) {
            throw in.invalid("tag", "a tag selects among a key's URLs (expected: a key with it)");
        }
        return new AppriseSettings(urls, key, tag);
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (key == null) {
            // Apprise API reads urls as one text, split at commas and spaces
            body.put("urls", String.join(", ", urls));
        }
        body.put("title", letter.message().title());
        body.put("body", letter.text());
        body.put("type", type(letter.message().kind()));
        body.put("format", letter.format() == TextFormat.MARKDOWN ? "markdown" : "text");
        Json.putIfSet(body, "tag", tag);
        return transport.http(new Outbound("POST", letter.url(key == null ? "notify" : "notify/" + key),
                Map.of("Content-Type", "application/json"), Json.write(body)));
    }

    // not ConfigMap.list: an Apprise URL may hold commas (mailto://...?to=a@x,b@x), and no item may be echoed
    private static List<String> urls(ConfigMap in) {
        Object raw = in.raw("urls");
        if (raw instanceof Map<?, ?>) {
            throw in.invalid("urls", "expected a list, got " + ConfigMap.kind(raw));
        }
        List<String> urls = new ArrayList<>();
        for (Object item : raw instanceof List<?> list ? list : raw == null ? List.of() : List.of(raw)) {
            if (item instanceof Map<?, ?> || item instanceof List<?>) {
                throw in.invalid("urls", "expected a list of Apprise URLs, got an item that is "
                        + ConfigMap.kind(item));
            }
            String text = item == null ? "" : item.toString().trim();
            if (!text.isEmpty()) {
                urls.add(text);
            }
        }
        return urls;
    }

    @Override
    public String toString() {
        return "AppriseSettings[urls=" + (urls.isEmpty() ? "none" : urls.size() + " (hidden)") + ", key="
                + (key == null ? "none" : "(hidden)") + ", tag=" + tag + "]";
    }

    // Apprise's message types: a down fails, a slow service or a certificate near its end warns, the rest succeeds
    private static String type(Notification.Kind kind) {
        return switch (kind) {
            case DOWN -> "failure";
            case DEGRADED, CERTIFICATE -> "warning";
            case UP, RECOVERED -> "success";
        };
    }
}
