package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.Fixtures.up;
import static dev.healthmon.notify.NtfyProviderTest.deliver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent.Notification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PushoverProviderTest {

    private static final String TOKEN = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";
    private static final String USER = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";

    @Test
    void postsAFormWithTokenUserTitleHtmlMessageAndPriority() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("push", settings("pushover", receiver.url()
                    + "/1/messages.json", "token", TOKEN, "user", USER, "sound", "siren", "device", "phone"));

            deliver(config, down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/1/messages.json");
            assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            assertThat(request.body()).startsWith("token=" + TOKEN + "&user=" + USER
                    + "&title=%E2%9D%8C+Service+went+down+%E2%9D%8C&message=%3Cb%3EService+Name%3A%3C%2Fb%3E+api%0A");
            assertThat(form(request.body())).containsExactlyEntriesOf(ordered(
                    "token", TOKEN,
                    "user", USER,
                    "title", "❌ Service went down ❌",
                    "message", """
                            <b>Service Name:</b> api
                            <b>Time:</b> 2026-11-24 09:30:00 UTC
                            <b>Service URL:</b> http://localhost:8080
                            <b>Detail:</b> HTTP 503 Service Unavailable
                            <b>Last Seen:</b> 2026-11-24 09:29:15 UTC
                            """,
                    "html", "1",
                    "priority", "1",
                    "timestamp", "1795512600",
                    "sound", "siren",
                    "device", "phone"));
        }
    }

    @Test
    void emergencyDownCarriesRetryExpireAndATagThatItsUpCancels() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("push", settings("pushover", receiver.url()
                    + "/1/messages.json", "token", TOKEN, "user", USER, "priority", 2, "retry", "1m", "expire", "3h",
                    "upPriority", -1, "format", "plain"));
            Notification up = new Notification("api", Notification.Kind.UP, "http://localhost:8080", "",
                    Fixtures.UP_AT, Fixtures.UP_AT, Duration.ofMillis(12), Fixtures.DOWN_AT);

            deliver(config, down());
            deliver(config, up);

            List<Receiver.Request> requests = receiver.await(3);
            Map<String, String> down = form(requests.get(0).body());
            String tag = down.get("tags");
            assertThat(tag).matches("healthmon-[0-9a-f]{32}");
            assertThat(down).containsEntry("priority", "2").containsEntry("retry", "60")
                    .containsEntry("expire", "10800").doesNotContainKey("html")
                    .containsEntry("message", Expected.DOWN_PLAIN);
            Receiver.Request cancel = requests.get(1);
            assertThat(cancel.method()).isEqualTo("POST");
            assertThat(cancel.uri()).isEqualTo("/1/receipts/cancel_by_tag/" + tag + ".json");
            assertThat(cancel.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            assertThat(cancel.body()).isEqualTo("token=" + TOKEN);
            assertThat(requests.get(2).uri()).isEqualTo("/1/messages.json");
            assertThat(form(requests.get(2).body())).containsEntry("priority", "-1")
                    .containsEntry("timestamp", "1795513327").doesNotContainKeys("retry", "expire", "tags");
        }
    }

    @Test
    void anUpWithoutEmergencyCancelsNothing() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("push", settings("pushover", receiver.url(), "token", TOKEN,
                    "user", USER));

            deliver(config, up());
            deliver(config, down());

            assertThat(receiver.await(2)).extracting(Receiver.Request::uri).containsExactly("/", "/");
            assertThat(receiver.count()).isEqualTo(2);
        }
    }

    @Test
    void messageIsClippedTo1024CharactersAsPlainText() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("push", settings("pushover", receiver.url(), "token", TOKEN,
                    "user", USER));
            Notification down = new Notification("api", Notification.Kind.DOWN, "http://localhost:8080",
                    "<" + "x".repeat(3000), Fixtures.DOWN_AT, null, Duration.ofMillis(40));

            deliver(config, down);

            Map<String, String> form = form(receiver.first().body());
            assertThat(form.get("message")).hasSize(PushoverSettings.MAX_MESSAGE).startsWith("Service Name: api\n")
                    .contains("Detail: <xxx").endsWith("x…");
            assertThat(form).doesNotContainKey("html");
        }
    }

    @Test
    void urlDefaultsToTheMessagesApiAndTheKeysAreNeverShown() {
        ProviderConfig config = ProviderConfig.of("push", new HashMap<>(Map.of("provider", "pushover", "token",
                TOKEN, "user", USER)));

        assertThat(config.url()).hasToString("https://api.pushover.net/1/messages.json");
        assertThat(config.settings().toString()).doesNotContain(TOKEN).doesNotContain(USER);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            token      | abc   | invalid token (expected: 30 letters and digits)
            priority   | 3     | invalid priority '3' (expected: an integer from -2 to 2)
            upPriority | 2     | invalid upPriority '2' (expected: an integer from -2 to 1)
            retry      | 1m    | retry applies to priority 2 only
            expire     | 1h    | expire applies to priority 2 only
            """)
    void invalidValueNamesProviderAndField(String key, String value, String problem) {
        Map<String, Object> settings = new HashMap<>(Map.of("provider", "pushover", "token", TOKEN, "user", USER));
        settings.put(key, value);

        assertThatThrownBy(() -> ProviderConfig.of("push", settings))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.push." + key);
                    assertThat(e.problem()).isEqualTo(problem);
                });
    }

    @ParameterizedTest(name = "retry={0} expire={1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -   | 1h  | retry  | missing retry (required with priority 2)
            1m  | -   | expire | missing expire (required with priority 2)
            29s | 1h  | retry  | retry 29s is too short (expected: at least 30s)
            1m  | 4h  | expire | expire 4h is too long (expected: at most 3h)
            """)
    void emergencyNeedsRetryOfAtLeast30sAndExpireOfAtMost3h(String retry, String expire, String key,
            String problem) {
        Map<String, Object> settings = new HashMap<>(Map.of("provider", "pushover", "token", TOKEN, "user", USER,
                "priority", "2"));
        if (retry != null) {
            settings.put("retry", retry);
        }
        if (expire != null) {
            settings.put("expire", expire);
        }

        assertThatThrownBy(() -> ProviderConfig.of("push", settings))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.push." + key);
                    assertThat(e.problem()).isEqualTo(problem);
                });
    }

    @Test
    void titleIsClippedTo250Characters() {
        Message message = new Message("api", Notification.Kind.DOWN, "t".repeat(400), List.of(),
                Message.RED);
        Letter letter = new Letter(down(), message, "k", java.net.URI.create("http://127.0.0.1"),
                TextFormat.MARKDOWN, null);
        PushoverSettings pushover = (PushoverSettings) ProviderConfig.of("push", new HashMap<>(Map.of("provider",
                "pushover", "token", TOKEN, "user", USER))).settings();

        assertThat(form(pushover.form(letter)).get("title")).hasSize(PushoverSettings.MAX_TITLE).endsWith("t…");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put(keyValues[i], keyValues[i + 1]);
        }
        return out;
    }
}
