package dev.healthmon.notify;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The services a notification can be delivered to, each with its own wire format. */
public enum ProviderType {
    /** Any HTTP endpoint: JSON by default, the {@code discord} or {@code slack} template, or a custom payload. */
    WEBHOOK,
    /** An ntfy server: the message is posted to {@code {url}/{topic}}, metadata in headers. */
    NTFY,
    /** A Gotify server: JSON posted to {@code {url}/message} with the application token. */
    GOTIFY,
    /** A Discord webhook: one embed with a colour and the fields. */
    DISCORD,
    /** A Slack incoming webhook: one attachment with a colour and the fields. */
    SLACK,
    /** A Telegram bot: {@code sendMessage} to one chat. */
    TELEGRAM;

    /** Returns the type named {@code text} in any case, such as {@code "ntfy"}, or empty when there is none. */
    public static Optional<ProviderType> of(String text) {
        return Arrays.stream(values()).filter(type -> type.toString().equalsIgnoreCase(text.trim())).findFirst();
    }

    /** Returns the name as written in the configuration, such as {@code "ntfy"}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
