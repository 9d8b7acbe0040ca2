package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.Fixtures.up;
import static dev.healthmon.notify.NtfyProviderTest.deliver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.healthmon.core.model.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppriseProviderTest {

    private static final List<String> URLS = List.of("tgram://123456:ABCdef/-100200300",
            "mailto://me:pa55@example.com");

    @Test
    void statelessPostsTheUrlsTitleMarkdownBodyAndFailureType() {
        try (Receiver receiver = Receiver.answering(200)) {
            deliver(ProviderConfig.of("apprise", settings("apprise", receiver.url(), "urls", URLS)), down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/notify");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.body()).isEqualTo("{\"urls\":\"tgram://123456:ABCdef/-100200300, "
                    + "mailto://me:pa55@example.com\",\"title\":\"❌ Service went down ❌\",\"body\":"
                    + Expected.quoted(Expected.DOWN_MARKDOWN) + ",\"type\":\"failure\",\"format\":\"markdown\"}");
        }
    }

    @Test
    void aKeyPostsToItsStoredConfigurationWithTheTag() {
        try (Receiver receiver = Receiver.answering(200)) {
            deliver(ProviderConfig.of("apprise", settings("apprise", receiver.url() + "/apprise/", "key",
                    "healthmon_ops", "tag", "oncall, ops", "format", "plain")), up());

            Receiver.Request request = receiver.first();
            assertThat(request.uri()).isEqualTo("/apprise/notify/healthmon_ops");
            assertThat(request.body()).isEqualTo("{\"title\":\"✅ Service is up ✅\",\"body\":" + Expected.quoted("""
                    Service Name: api
                    Time: 2026-11-24 09:42:07 UTC
                    Service URL: http://localhost:8080
                    Ping: 12 ms
                    """) + ",\"type\":\"success\",\"format\":\"text\",\"tag\":\"oncall, ops\"}");
        }
    }

    @Test
    void aFailedAttemptIsRetriedWithTheSameMessage() {
        try (Receiver receiver = Receiver.scripted(n -> Receiver.Reply.of(n == 1 ? 500 : 200))) {
            deliver(ProviderConfig.of("apprise", settings("apprise", receiver.url(), "key", "k", "backoff",
                    "10ms")), down());

            List<Receiver.Request> requests = receiver.await(2);
            assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            neither    | urls |                  |     | missing urls or key (expected: the Apprise URLs to notify, or the key of a configuration the server keeps)
            both       | key  | tgram://t/1      | k   | urls and a key exclude each other
            bad key    | key  |                  | a/b | invalid key (expected: up to 128 letters, digits, _ or -)
            not a url  | urls | secret-token-123 |     | item 1 is not an Apprise URL (expected: service://..., such as tgram://bottoken/chatid)
            """)
    void urlsOrAKeyIsRequired(String name, String field, String urls, String key, String problem) {
        var settings = settings("apprise", "http://127.0.0.1:8000");
        if (urls != null) {
            settings.put("urls", List.of(urls));
        }
        if (key != null) {
            settings.put("key", key);
        }

        assertThatThrownBy(() -> ProviderConfig.of("apprise", settings))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.apprise." + field);
                    assertThat(e.problem()).isEqualTo(problem);
                });
    }

    @Test
    void urlsMayBeOneTextAndHoldCommas() {
        try (Receiver receiver = Receiver.answering(200)) {
            String urls = "mailto://me:pa55@example.com?to=a@example.com,b@example.com ntfy://alerts";
            deliver(ProviderConfig.of("apprise", settings("apprise", receiver.url(), "urls", urls)), down());

            assertThat(Json.readObject(receiver.first().body()).get("urls")).isEqualTo(urls);
        }
    }

    @Test
    void aTagNeedsAKey() {
        assertThatThrownBy(() -> ProviderConfig.of("apprise", settings("apprise", "http://127.0.0.1:8000", "urls",
                URLS, "tag", "ops")))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("notifications.apprise.tag"));
    }

    @Test
    void settingsNeverShowTheUrlsOrTheKey() {
        String stateless = ProviderConfig.of("a", settings("apprise", "http://127.0.0.1:8000", "urls", URLS))
                .settings().toString();
        String stateful = ProviderConfig.of("a", settings("apprise", "http://127.0.0.1:8000", "key", "s3cretkey"))
                .settings().toString();

        assertThat(stateless).contains("2 (hidden)").doesNotContain("ABCdef").doesNotContain("pa55");
        assertThat(stateful).doesNotContain("s3cretkey");
    }
}
