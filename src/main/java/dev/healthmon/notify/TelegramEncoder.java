package dev.healthmon.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Telegram's bot API: {@code POST {url}/bot{token}/sendMessage} with the chat id and the text, in MarkdownV2
 * (every reserved character escaped) or plain.
 */
final class TelegramEncoder implements Encoder {

    private static final Pattern RESERVED = Pattern.compile("[_*\\[\\]()~`>#+\\-=|{}.!\\\\]");

    private final ProviderConfig config;

    TelegramEncoder(ProviderConfig config) {
        this.config = config;
    }

    @Override
    public Outbound encode(Message message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_id", config.chatId());
        body.put("text", text(message, config.format()));
        if (config.format() == TextFormat.MARKDOWN) {
            body.put("parse_mode", "MarkdownV2");
        }
        return new Outbound("POST", Encoder.append(config.url(), "bot" + config.token() + "/sendMessage"),
                Map.of("Content-Type", "application/json"), Json.write(body));
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
