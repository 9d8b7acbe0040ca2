package dev.healthmon.notify;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.ConfigMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A Mattermost incoming webhook ({@code provider: mattermost}): the Slack-compatible body (the title as text and
 * one coloured attachment with the fields) posted to {@code url}, the webhook's secret address
 * ({@code https://chat.example.com/hooks/xxx-generatedkey-xxx}), with optional overrides of where and as whom it
 * posts.
 *
 * <p>A post holds at most {@link #MAX_POST} characters; Mattermost splits a longer one in several posts, so the
 * title and fields are kept within it, the long values cut to one common length.
 *
 * @param channel the channel to post in instead of the webhook's ({@code channel}: its name as in its URL, such
 *        as {@code town-square}, or {@code @user}), or {@code null}
 * @param username the name to post as ({@code username}; the server must allow integrations to override it), or
 *        {@code null}
 * @param iconUrl the picture to post with ({@code iconUrl}), or {@code null}
 * @param iconEmoji an emoji to post with instead of a picture ({@code iconEmoji}, such as {@code rotating_light}),
 *        or {@code null}
 */
record MattermostSettings(@Nullable String channel, @Nullable String username, @Nullable URI iconUrl,
        @Nullable String iconEmoji) implements ProviderSettings {

    static final ProviderKind KIND = ProviderKind.of("mattermost", Set.of("channel", "username", "iconUrl",
            "iconEmoji"), MattermostSettings::read).withSecretUrl();
    static final int MAX_POST = 16_383;

    static MattermostSettings read(ConfigMap in) {
        URI iconUrl = in.has("iconUrl") ? in.httpUrl("iconUrl", null) : null;
        return new MattermostSettings(in.text("channel"), in.text("username"), iconUrl, in.text("iconEmoji"));
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        Map<String, Object> body = SlackSettings.payload(Clip.fit(letter.message(), MAX_POST));
        Json.putIfSet(body, "channel", channel);
        Json.putIfSet(body, "username", username);
        Json.putIfSet(body, "icon_url", iconUrl);
        Json.putIfSet(body, "icon_emoji", iconEmoji);
        return transport.http(new Outbound("POST", letter.url(), Map.of("Content-Type", "application/json"),
                Json.write(body)));
    }
}
