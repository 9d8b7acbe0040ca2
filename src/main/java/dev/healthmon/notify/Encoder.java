package dev.healthmon.notify;

import java.net.URI;

/** Turns a message into one provider's HTTP request: the provider's wire format. */
@FunctionalInterface
interface Encoder {

    /** Returns the request that delivers {@code message}. */
    Outbound encode(Message message);

    /** Returns the encoder for {@code config}'s provider. */
    static Encoder of(ProviderConfig config) {
        return switch (config.type()) {
            case WEBHOOK -> new WebhookEncoder(config);
            case NTFY -> new NtfyEncoder(config);
            case GOTIFY -> new GotifyEncoder(config);
            case DISCORD -> message -> DiscordEncoder.post(config.url(), message);
            case SLACK -> message -> SlackEncoder.post(config.url(), message);
            case TELEGRAM -> new TelegramEncoder(config);
        };
    }

    /** Returns {@code base} with {@code path} appended, with exactly one slash between them. */
    static URI append(URI base, String path) {
        String text = base.toString();
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        return URI.create(trimmed + (path.startsWith("/") ? path : "/" + path));
    }
}
