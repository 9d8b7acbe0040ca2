package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.DOWN_AT;
import static dev.healthmon.notify.Fixtures.LAST_SEEN;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.NtfyProviderTest.deliver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent.Notification;
import org.junit.jupiter.api.Test;

class MattermostProviderTest {

    @Test
    void postsTheSlackBodyWithChannelUsernameAndIconToTheWebhook() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("mm", settings("mattermost",
                    receiver.url() + "/hooks/xxx-generatedkey-xxx", "channel", "town-square", "username",
                    "healthmon", "iconUrl", "https://example.com/healthmon.png", "iconEmoji", "rotating_light"));

            deliver(config, down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/hooks/xxx-generatedkey-xxx");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.body()).isEqualTo(withoutLastBrace(SlackProviderTest.DOWN_ATTACHMENT)
                    + ",\"channel\":\"town-square\",\"username\":\"healthmon\","
                    + "\"icon_url\":\"https://example.com/healthmon.png\",\"icon_emoji\":\"rotating_light\"}");
        }
    }

    @Test
    void withoutOverridesTheBodyIsSlacks() {
        try (Receiver receiver = Receiver.answering(200)) {
            deliver(ProviderConfig.of("mm", settings("mattermost", receiver.url() + "/hooks/k")), down());

            assertThat(receiver.first().body()).isEqualTo(SlackProviderTest.DOWN_ATTACHMENT);
        }
    }

    @Test
    void aLongDetailIsCutSoTheMessageStaysOnePost() {
        try (Receiver receiver = Receiver.answering(200)) {
            Notification verbose = new Notification("api", Notification.Kind.DOWN, "http://localhost:8080",
                    "x".repeat(40_000), DOWN_AT, LAST_SEEN, Duration.ofMillis(40));

            deliver(ProviderConfig.of("mm", settings("mattermost", receiver.url() + "/hooks/k")), verbose);

            Map<String, Object> body = Json.readObject(receiver.first().body());
            int chars = ((String) body.get("text")).length();
            String detail = "";
            for (Map<String, Object> field : fields(body)) {
                chars += ((String) field.get("title")).length() + ((String) field.get("value")).length();
                if (field.get("title").equals("Detail")) {
                    detail = (String) field.get("value");
                }
            }
            assertThat(chars).isEqualTo(MattermostSettings.MAX_POST);
            assertThat(detail).startsWith("xxx").endsWith("…");
        }
    }

    @Test
    void aRetryPostsTheSameMessageAgain() {
        try (Receiver receiver = Receiver.scripted(n -> Receiver.Reply.of(n == 1 ? 503 : 200))) {
            deliver(ProviderConfig.of("mm", settings("mattermost", receiver.url() + "/hooks/k", "backoff",
                    "10ms")), down());

            List<Receiver.Request> requests = receiver.await(2);
            assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
            assertThat(requests.get(1).uri()).isEqualTo(requests.get(0).uri());
        }
    }

    @Test
    void anInvalidUrlIsReportedWithoutItsKey() {
        assertThatThrownBy(() -> ProviderConfig.of("mm", settings("mattermost",
                "ftp://chat.example.com/hooks/s3cretkey")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.mm.url");
                    assertThat(e.getMessage()).doesNotContain("s3cretkey");
                });
    }

    @Test
    void anInvalidIconUrlIsNamed() {
        assertThatThrownBy(() -> ProviderConfig.of("mm", settings("mattermost", "https://chat.example.com/hooks/k",
                "iconUrl", "icon.png")))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("notifications.mm.iconUrl"));
    }

    static String withoutLastBrace(String json) {
        return json.substring(0, json.length() - 1);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> fields(Map<String, Object> body) {
        List<Map<String, Object>> attachments = (List<Map<String, Object>>) body.get("attachments");
        return (List<Map<String, Object>>) attachments.get(0).get("fields");
    }
}
