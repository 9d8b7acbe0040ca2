package dev.healthmon.notify;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.MonitorEvent.Notification;
import reactor.core.publisher.Mono;

/**
 * A Google Chat space webhook ({@code provider: googlechat}): one card ({@code cardsV2}) whose header is the title
 * and the monitor and whose one section has a {@code decoratedText} widget per field, posted to {@code url}, the
 * webhook's address ({@code https://chat.googleapis.com/v1/spaces/.../messages?key=...&token=...}), a secret that
 * is never repeated in an error.
 *
 * <p>With {@code thread} (on by default) every message of one outage carries the same {@code threadKey}, and
 * {@code messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD} is added to the URL, so a down, its reminders
 * and the up that ends it read as one thread.
 *
 * <p>A message, cards included, holds at most 32,000 bytes; the field names and values together are cut to
 * {@link #MAX_FIELDS} characters, which keeps a card far below that however its text is escaped.
 *
 * @param thread whether the messages of one outage share a thread ({@code thread}, {@code true} by default)
 */
record GoogleChatSettings(boolean thread) implements ProviderSettings {

    static final ProviderKind KIND = new ProviderKind("googlechat", Set.of("thread"), GoogleChatSettings::url,
            GoogleChatSettings::read);
    static final int MAX_FIELDS = 4_096;
    static final String REPLY_OPTION = "messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";

    static GoogleChatSettings read(ConfigMap in) {
        Boolean thread = in.bool("thread");
        return new GoogleChatSettings(thread == null || thread);
    }

    /** Returns the webhook's address, which must carry the space's key and token; errors never repeat it. */
    static URI url(ConfigMap in) {
        URI url = ProviderKind.secretUrl(in);
        String query = url.getRawQuery();
        if (query == null || !hasParameter(query, "key") || !hasParameter(query, "token")) {
            throw in.invalid("url", "the url lacks the key and token parameters of a space webhook (expected: the "
                    + "whole url the space's webhook settings show)");
        }
        return url;
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        Message message = Clip.fit(letter.message(), MAX_FIELDS + letter.message().title().length());
        List<Map<String, Object>> widgets = message.fields().stream()
                .map(field -> {
                    Map<String, Object> text = new LinkedHashMap<>();
                    text.put("topLabel", field.name());
                    text.put("text", escape(field.value()));
                    text.put("wrapText", true);
                    return Map.<String, Object>of("decoratedText", text);
                })
                .toList();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("title", message.title());
        header.put("subtitle", message.monitor());
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("header", header);
        card.put("sections", List.of(Map.of("widgets", widgets)));
        Map<String, Object> cardWithId = new LinkedHashMap<>();
        cardWithId.put("cardId", "healthmon");
        cardWithId.put("card", card);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cardsV2", List.of(cardWithId));
        URI url = letter.url();
        if (thread) {
            body.put("thread", Map.of("threadKey", threadKey(letter.notification())));
            url = withReplyOption(url);
        }
        return transport.http(new Outbound("POST", url, Map.of("Content-Type", "application/json; charset=UTF-8"),
                Json.write(body)));
    }

    /** Returns the thread of an outage: the same for its down, its reminders and the up that ends it. */
    static String threadKey(Notification notification) {
        return "healthmon/" + notification.name() + "/" + notification.outage();
    }

    /** Returns {@code url} asking to reply in the given thread, unless it already says how to reply. */
    static URI withReplyOption(URI url) {
        String query = url.getRawQuery();
        if (query != null && hasParameter(query, "messageReplyOption")) {
            return url;
        }
        String text = url.toString();
        int hash = text.indexOf('#');
        String head = hash < 0 ? text : text.substring(0, hash);
        String fragment = hash < 0 ? "" : text.substring(hash);
        return URI.create(head + (query == null ? "?" : "&") + REPLY_OPTION + fragment);
    }

    // card text is formatted with a few HTML tags: a detail such as "<html>" must read as written
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static boolean hasParameter(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.equals(name) || pair.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }
}
