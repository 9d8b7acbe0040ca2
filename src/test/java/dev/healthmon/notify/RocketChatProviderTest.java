package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.DOWN_AT;
import static dev.healthmon.notify.Fixtures.LAST_SEEN;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.MattermostProviderTest.fields;
import static dev.healthmon.notify.MattermostProviderTest.withoutLastBrace;
import static dev.healthmon.notify.NtfyProviderTest.deliver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent.Notification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RocketChatProviderTest {

    private static final String HOOK = "/hooks/64ab12/Tk9sEcReT";

    @Test
    void postsTheSlackBodyWithChannelAliasAndEmojiToTheIntegration() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("rc", settings("rocketchat", receiver.url() + HOOK,
                    "channel", "#ops", "alias", "healthmon", "emoji", ":rotating_light:"));

            deliver(config, down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo(HOOK);
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.body()).isEqualTo(withoutLastBrace(SlackProviderTest.DOWN_ATTACHMENT)
                    + ",\"channel\":\"#ops\",\"alias\":\"healthmon\",\"emoji\":\":rotating_light:\"}");
        }
    }

    @Test
    void anAvatarIsSentAsItsUrl() {
        try (Receiver receiver = Receiver.answering(200)) {
            deliver(ProviderConfig.of("rc", settings("rocketchat", receiver.url() + HOOK, "channel", "@oncall",
                    "avatar", "https://example.com/healthmon.png")), down());

            assertThat(receiver.first().body()).endsWith(
                    ",\"channel\":\"@oncall\",\"avatar\":\"https://example.com/healthmon.png\"}");
        }
    }

    @Test
    void aLongDetailIsCutToTheDefaultMaximumMessageSize() {
        try (Receiver receiver = Receiver.answering(200)) {
            Notification verbose = new Notification("api", Notification.Kind.DOWN, "http://localhost:8080",
                    "y".repeat(9_000), DOWN_AT, LAST_SEEN, Duration.ofMillis(40));

            deliver(ProviderConfig.of("rc", settings("rocketchat", receiver.url() + HOOK)), verbose);

            Map<String, Object> body = Json.readObject(receiver.first().body());
            int chars = ((String) body.get("text")).length();
            for (Map<String, Object> field : fields(body)) {
                chars += ((String) field.get("title")).length() + ((String) field.get("value")).length();
            }
            assertThat(chars).isEqualTo(RocketChatSettings.MAX_MESSAGE);
        }
    }

    @Test
    void aRetryPostsTheSameMessageAgain() {
        try (Receiver receiver = Receiver.scripted(n -> Receiver.Reply.of(n == 1 ? 502 : 200))) {
            deliver(ProviderConfig.of("rc", settings("rocketchat", receiver.url() + HOOK, "backoff", "10ms")),
                    down());

            List<Receiver.Request> requests = receiver.await(2);
            assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            channel | ops          | channel 'ops' lacks its prefix (expected: #room or @user)
            emoji   | ghost        | invalid emoji 'ghost' (expected: a name between colons, such as :rotating_light:)
            avatar  | avatar.png   | invalid url 'avatar.png' (expected: http://host[:port][/path] or https://...)
            """)
    void invalidKeysAreNamed(String key, String value, String problem) {
        assertThatThrownBy(() -> ProviderConfig.of("rc", settings("rocketchat", "https://chat.example.com" + HOOK,
                key, value)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.rc." + key);
                    assertThat(e.problem()).isEqualTo(problem);
                });
    }

    @Test
    void anAvatarAndAnEmojiExcludeEachOther() {
        assertThatThrownBy(() -> ProviderConfig.of("rc", settings("rocketchat", "https://chat.example.com" + HOOK,
                "emoji", ":ghost:", "avatar", "https://example.com/a.png")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.rc.avatar");
                    assertThat(e.problem()).isEqualTo("an avatar and an emoji exclude each other");
                });
    }

    @Test
    void anInvalidUrlIsReportedWithoutItsToken() {
        assertThatThrownBy(() -> ProviderConfig.of("rc", settings("rocketchat", "chat.example.com" + HOOK)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.rc.url");
                    assertThat(e.getMessage()).doesNotContain("Tk9sEcReT");
                });
    }
}
