package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.DOWN_AT;
import static dev.healthmon.notify.Fixtures.LAST_SEEN;
import static dev.healthmon.notify.Fixtures.UP_AT;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.NtfyProviderTest.deliver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent.Notification;
import org.junit.jupiter.api.Test;

class GoogleChatProviderTest {

    private static final String SPACE = "/v1/spaces/AAAAbcd/messages?key=AIzaSyKEY&token=s3cr3tT0ken";
    private static final String REPLY = "&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
    private static final Notification UP_AFTER_DOWN = new Notification("api", Notification.Kind.UP,
            "http://localhost:8080", "", UP_AT, UP_AT, Duration.ofMillis(12), DOWN_AT);

    @Test
    void postsACardThreadedByOutageToTheSpaceWebhook() {
        try (Receiver receiver = Receiver.answering(200)) {
            deliver(ProviderConfig.of("chat", settings("googlechat", receiver.url() + SPACE)), down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo(SPACE + REPLY);
            assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=UTF-8");
            assertThat(request.body()).isEqualTo("{\"cardsV2\":[{\"cardId\":\"healthmon\",\"card\":{"
                    + "\"header\":{\"title\":\"❌ Service went down ❌\",\"subtitle\":\"api\"},"
                    + "\"sections\":[{\"widgets\":["
                    + widget("Service Name", "api") + ","
                    + widget("Time", "2026-11-24 09:30:00 UTC") + ","
                    + widget("Service URL", "http://localhost:8080") + ","
                    + widget("Detail", "HTTP 503 Service Unavailable") + ","
                    + widget("Last Seen", "2026-11-24 09:29:15 UTC") + "]}]}}],"
                    + "\"thread\":{\"threadKey\":\"healthmon/api/2026-11-24T09:30:00Z\"}}");
        }
    }

    @Test
    void theUpThatEndsAnOutageRepliesInTheDownsThread() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("chat", settings("googlechat", receiver.url() + SPACE));

            deliver(config, down());
            deliver(config, UP_AFTER_DOWN);

            List<Receiver.Request> requests = receiver.await(2);
            String thread = "\"thread\":{\"threadKey\":\"healthmon/api/2026-11-24T09:30:00Z\"}";
            assertThat(requests.get(0).body()).endsWith(thread + "}");
            assertThat(requests.get(1).body()).contains("✅ Service is up ✅").endsWith(thread + "}");
        }
    }

    @Test
    void withoutThreadsNoThreadKeyOrReplyOptionIsSent() {
        try (Receiver receiver = Receiver.answering(200)) {
            deliver(ProviderConfig.of("chat", settings("googlechat", receiver.url() + SPACE, "thread", false)),
                    down());

            Receiver.Request request = receiver.first();
            assertThat(request.uri()).isEqualTo(SPACE);
            assertThat(request.body()).doesNotContain("thread");
        }
    }

    @Test
    void aReplyOptionInTheUrlIsKept() {
        try (Receiver receiver = Receiver.answering(200)) {
            String own = SPACE + "&messageReplyOption=REPLY_MESSAGE_OR_FAIL";
            deliver(ProviderConfig.of("chat", settings("googlechat", receiver.url() + own)), down());

            assertThat(receiver.first().uri()).isEqualTo(own);
        }
    }

    @Test
    void cardTextIsEscapedAndALongDetailIsCutWithinTheMessageLimit() {
        try (Receiver receiver = Receiver.answering(200)) {
            Notification html = new Notification("api", Notification.Kind.DOWN, "http://localhost:8080",
                    "<b>bad</b> & " + "€".repeat(40_000), DOWN_AT, LAST_SEEN, Duration.ofMillis(40));

            deliver(ProviderConfig.of("chat", settings("googlechat", receiver.url() + SPACE)), html);

            String body = receiver.first().body();
            assertThat(body).contains("\"text\":\"&lt;b&gt;bad&lt;/b&gt; &amp; €€€").contains("€…\"");
            assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThan(32_000);
        }
    }

    @Test
    void aRetryPostsTheSameMessageToTheSameThread() {
        try (Receiver receiver = Receiver.scripted(n -> Receiver.Reply.of(n == 1 ? 429 : 200))) {
            deliver(ProviderConfig.of("chat", settings("googlechat", receiver.url() + SPACE, "backoff", "10ms")),
                    down());

            List<Receiver.Request> requests = receiver.await(2);
            assertThat(requests.get(1).uri()).isEqualTo(requests.get(0).uri());
            assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        }
    }

    @Test
    void aUrlWithoutKeyAndTokenIsRejectedWithoutRepeatingIt() {
        assertThatThrownBy(() -> ProviderConfig.of("chat", settings("googlechat",
                "https://chat.googleapis.com/v1/spaces/AAAAbcd/messages?key=AIzaSyKEY")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.chat.url");
                    assertThat(e.getMessage()).contains("key and token").doesNotContain("AIzaSyKEY");
                });
        assertThatThrownBy(() -> ProviderConfig.of("chat", settings("googlechat",
                "chat.googleapis.com/v1/spaces/AAAAbcd/messages?key=AIzaSyKEY&token=s3cr3tT0ken")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.chat.url");
                    assertThat(e.getMessage()).doesNotContain("s3cr3tT0ken").doesNotContain("AIzaSyKEY");
                });
    }

    private static String widget(String label, String text) {
        return "{\"decoratedText\":{\"topLabel\":\"" + label + "\",\"text\":\"" + text + "\",\"wrapText\":true}}";
    }
}
