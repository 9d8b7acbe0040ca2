package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.NtfyProviderTest.deliver;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.healthmon.core.model.MonitorEvent.Notification;
import org.junit.jupiter.api.Test;

class WebhookProviderTest {

    @Test
    void postsJsonByDefault() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("hook", settings("webhook", receiver.url() + "/notify?k=v"));

            deliver(config, down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/notify?k=v");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.body()).isEqualTo("{\"title\":\"❌ Service went down ❌\",\"message\":"
                    + Expected.quoted(Expected.DOWN_MARKDOWN) + ",\"fields\":" + Expected.DOWN_FIELDS_JSON
                    + ",\"color\":16711680}");
        }
    }

    @Test
    void discordTemplateSendsTheDiscordEmbed() {
        try (Receiver receiver = Receiver.answering(204)) {
            ProviderConfig config = ProviderConfig.of("chat", settings("webhook", receiver.url() + "/d",
                    "template", "discord"));

            deliver(config, down());

            assertThat(receiver.first().body()).isEqualTo(DiscordProviderTest.DOWN_EMBED);
        }
    }

    @Test
    void slackTemplateSendsTheSlackAttachment() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("chat", settings("webhook", receiver.url() + "/s",
                    "template", "slack"));

            deliver(config, down());

            assertThat(receiver.first().body()).isEqualTo(SlackProviderTest.DOWN_ATTACHMENT);
        }
    }

    @Test
    void customJsonPayloadFillsEveryPlaceholder() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("hook", settings("webhook", receiver.url() + "/in",
                    "method", "put", "format", "plain",
                    "payload", "{\"summary\": $title, \"text\": $message, \"items\": $fields, \"rgb\": $color}"));

            deliver(config, down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.body()).isEqualTo("{\"summary\": \"❌ Service went down ❌\", \"text\": "
                    + Expected.quoted(Expected.DOWN_PLAIN) + ", \"items\": " + Expected.DOWN_FIELDS_JSON
                    + ", \"rgb\": 16711680}");
        }
    }

    @Test
    void textPayloadInsertsTheTextAsItIs() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("hook", settings("webhook", receiver.url(), "method", "PATCH",
                    "contentType", "text/plain", "format", "plain", "payload", "$title\n$message"));

            deliver(config, down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("PATCH");
            assertThat(request.uri()).isEqualTo("/");
            assertThat(request.header("Content-Type")).isEqualTo("text/plain");
            assertThat(request.body()).isEqualTo("❌ Service went down ❌\n" + Expected.DOWN_PLAIN);
        }
    }

    @Test
    void placeholdersInsideValuesAreNotExpandedAgain() {
        Message message = new Message("api", Notification.Kind.DOWN, "$message $color",
                List.of(new Message.Field("Detail", "$title")), Message.RED);

        assertThat(WebhookSettings.fill("$title|$message", message, false, TextFormat.PLAIN))
                .isEqualTo("$message $color|Detail: $title\n");
    }
}
