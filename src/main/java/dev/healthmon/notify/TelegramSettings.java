package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.healthmon.core.model.ConfigMap;
import reactor.core.publisher.Mono;

/**
 * A Telegram bot ({@code provider: telegram}): {@code POST {url}/bot{token}/sendMessage} with the chat id and the
 * text, in MarkdownV2 (every reserved character escaped) or plain; {@code url} defaults to the bot API.
 *
 * @param token the bot token ({@code token}, required); it is part of the request's URI, which is never logged
 * @param chatId the chat ({@code chatId}, required)
 */
record TelegramSettings(String token, String chatId) implements ProviderSettings {

    static final String API = "https://api.telegram.org";
    static final ProviderKind KIND = ProviderKind.of("telegram", Set.of("token", "chatId"), TelegramSettings::read)
            .withDefaultUrl(API);
    private static final Pattern RESERVED = Pattern.compile("[_*\\[\\]()~`>#+\\-=|{}.!\\\\]");

    TelegramSettings {
        requireNonNull(token, "token");
        requireNonNull(chatId, "chatId");
    }

    static TelegramSettings read(ConfigMap in) {
        return new TelegramSettings(in.required("token"), in.required("chatId"));
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_id", chatId);
        body.put("text", text(letter.message(), letter.format()));
        if (letter.format() == TextFormat.MARKDOWN) {
            body.put("parse_mode", "MarkdownV2");
        }
        return transport.http(new Outbound("POST", letter.url("bot" + token + "/sendMessage"),
                Map.of("Content-Type", "application/json"), Json.write(body)));
    }

    static String text(Message message, TextFormat format) {
        if (format == TextFormat.PLAIN) {
            return message.title() + "\n\n" + message.text(TextFormat.PLAIN);
        }
        StringBuilder out = new StringBuilder("*").append(escape(message.title())).append("*\n\n");
        for (Message.Field field : message.fields()) {
            out.append('*').append(escape(field.name())).append(":* ").append(escape(field.value())).append('\n');
        }
        return out.toString();
    }

    static String escape(String text) {
        return RESERVED.matcher(text).replaceAll(match -> Matcher.quoteReplacement("\\" + match.group()));
    }
}
