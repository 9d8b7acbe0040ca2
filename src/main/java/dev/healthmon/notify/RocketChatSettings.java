package dev.healthmon.notify;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.healthmon.core.model.ConfigMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A Rocket.Chat incoming webhook ({@code provider: rocketchat}): the Slack-compatible body (the title as text and
 * one coloured attachment with the fields) posted to {@code url}, the integration's secret address
 * ({@code https://chat.example.com/hooks/{id}/{token}}), with optional overrides of where and as whom it posts.
 *
 * <p>Rocket.Chat refuses a message longer than its {@code Message_MaxAllowedSize}, {@link #MAX_MESSAGE} characters
 * by default, so the title and fields are kept within it, the long values cut to one common length.
 *
 * @param channel the room to post in instead of the integration's ({@code channel}: {@code #room} or
 *        {@code @user}), or {@code null}
 * @param alias the name shown instead of the integration's user ({@code alias}), or {@code null}
 * @param emoji an emoji shown as the avatar ({@code emoji}, such as {@code :rotating_light:}), or {@code null}
 * @param avatar a picture shown as the avatar ({@code avatar}), or {@code null}; excludes {@code emoji}
 */
record RocketChatSettings(@Nullable String channel, @Nullable String alias, @Nullable String emoji,
        @Nullable URI avatar) implements ProviderSettings {

    static final ProviderKind KIND = ProviderKind.of("rocketchat", Set.of("channel", "alias", "emoji", "avatar"),
            RocketChatSettings::read).withSecretUrl();
    static final int MAX_MESSAGE = 5_000;
    private static final Pattern EMOJI = Pattern.compile(":[^:\\s]+:");

    static RocketChatSettings read(ConfigMap in) {
        String channel = in.text("channel");
        if (channel != null && !channel.startsWith("#") && !channel.startsWith("@")) {
            throw in.invalid("channel", "channel '" + channel + "' lacks its prefix (expected: #room or @user)");
        }
        String emoji = in.text("emoji");
        if (emoji != null && !EMOJI.matcher(emoji).matches()) {
            throw in.invalid("emoji", "invalid emoji '" + emoji + "' (expected: a name between colons, such as "
                    + ":rotating_light:)");
        }
        URI avatar = in.has("avatar") ? in.httpUrl("avatar", null) : null;
        if (avatar != null && emoji != null) {
            throw in.invalid("avatar", "an avatar and an emoji exclude each other");
        }
        return new RocketChatSettings(channel, in.text("alias"), emoji, avatar);
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        Map<String, Object> body = SlackSettings.payload(Clip.fit(letter.message(), MAX_MESSAGE));
        Json.putIfSet(body, "channel", channel);
        Json.putIfSet(body, "alias", alias);
        Json.putIfSet(body, "emoji", emoji);
        Json.putIfSet(body, "avatar", avatar);
        return transport.http(new Outbound("POST", letter.url(), Map.of("Content-Type", "application/json"),
                Json.write(body)));
    }
}
