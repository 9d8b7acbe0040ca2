package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.Fixtures.up;
import static dev.healthmon.notify.NtfyProviderTest.deliver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent.Notification;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class MatrixProviderTest {

    private static final String TOKEN = "syt_aGVhbHRobW9u_secret";
    private static final String TXN_ID = "/send/m.room.message/healthmon-[0-9a-f]{32}";

    @Test
    void putsAnEscapedHtmlMessageInTheRoomWithTheBearerToken() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("matrix", settings("matrix", receiver.url() + "/base/",
                    "room", "!ops:example.org", "accessToken", TOKEN));
            Notification down = new Notification("<api>", Notification.Kind.DOWN, "http://localhost:8080/?a=1&b=2",
                    "expected \"ok\", got <b>'no'</b>", Fixtures.DOWN_AT, null, Duration.ofMillis(40));

            deliver(config, down);

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.uri()).matches("/base/_matrix/client/v3/rooms/%21ops%3Aexample\\.org" + TXN_ID);
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(Json.readObject(request.body())).isEqualTo(Map.of(
                    "msgtype", "m.text",
                    "body", """
                            ❌ Service went down ❌

                            Service Name: <api>
                            Time: 2026-11-24 09:30:00 UTC
                            Service URL: http://localhost:8080/?a=1&b=2
                            Detail: expected "ok", got <b>'no'</b>
                            Last Seen: never
                            """,
                    "format", "org.matrix.custom.html",
                    "formatted_body", """
                            <strong>❌ Service went down ❌</strong><br>
                            <b>Service Name:</b> &lt;api&gt;<br>
                            <b>Time:</b> 2026-11-24 09:30:00 UTC<br>
                            <b>Service URL:</b> http://localhost:8080/?a=1&amp;b=2<br>
                            <b>Detail:</b> expected &quot;ok&quot;, got &lt;b&gt;&#39;no&#39;&lt;/b&gt;<br>
                            <b>Last Seen:</b> never<br>
                            """));
            assertThat(request.body()).startsWith("{\"msgtype\":\"m.text\",\"body\":");
        }
    }

    @Test
    void aRetryReusesTheTransactionIdSoTheHomeserverPostsOnce() {
        try (Receiver receiver = Receiver.scripted(n -> Receiver.Reply.of(n == 1 ? 500 : 200))) {
            ProviderConfig config = ProviderConfig.of("matrix", settings("matrix", receiver.url(), "room",
                    "!ops:example.org", "accessToken", TOKEN, "backoff", "10ms"));

            deliver(config, down());

            List<Receiver.Request> attempts = receiver.await(2);
            assertThat(attempts.get(0).uri()).matches("/_matrix/client/v3/rooms/%21ops%3Aexample\\.org" + TXN_ID);
            assertThat(attempts.get(1).uri()).isEqualTo(attempts.get(0).uri());
            assertThat(attempts.get(1).body()).isEqualTo(attempts.get(0).body());
            assertThat(receiver.count()).isEqualTo(2);
        }
    }

    @Test
    void everyMessageAndEveryRoomHasItsOwnTransactionId() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig ops = ProviderConfig.of("ops", settings("matrix", receiver.url(), "room",
                    "!ops:example.org", "accessToken", TOKEN, "format", "plain"));
            ProviderConfig dev = ProviderConfig.of("dev", settings("matrix", receiver.url(), "room",
                    "!dev:example.org", "accessToken", TOKEN));
            ProviderChannel channel = Fixtures.channel(ops);

            for (Job job : List.of(Job.first(down()), Job.reminder(down(), 1), Job.first(up()))) {
                StepVerifier.create(channel.deliver(job))
                        .expectNext(Result.DELIVERED)
                        .expectComplete()
                        .verify(Duration.ofSeconds(10));
            }
            deliver(dev, down());

            List<Receiver.Request> requests = receiver.await(4);
            assertThat(requests).extracting(request -> request.uri().substring(request.uri().lastIndexOf('/')))
                    .doesNotHaveDuplicates();
            assertThat(Json.readObject(requests.get(2).body())).doesNotContainKeys("format", "formatted_body")
                    .containsEntry("body", "✅ Service is up ✅\n\n" + """
                            Service Name: api
                            Time: 2026-11-24 09:42:07 UTC
                            Service URL: http://localhost:8080
                            Ping: 12 ms
                            """);
        }
    }

    @Test
    void anAliasIsRefusedAndTheTokenIsNeverShown() {
        assertThatThrownBy(() -> ProviderConfig.of("matrix", new HashMap<>(Map.of("provider", "matrix", "url",
                "https://matrix.example.org", "room", "#ops:example.org", "accessToken", TOKEN))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.matrix.room");
                    assertThat(e.problem()).isEqualTo("invalid room '#ops:example.org' (expected: a room id such as "
                            + "!abc123:example.org; an alias such as #ops:example.org is not accepted)");
                });
        assertThatThrownBy(() -> ProviderConfig.of("matrix", new HashMap<>(Map.of("provider", "matrix", "url",
                "https://matrix.example.org", "room", "!ops:example.org"))))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("notifications.matrix.accessToken"));
        assertThat(ProviderConfig.of("matrix", new HashMap<>(Map.of("provider", "matrix", "url",
                "https://matrix.example.org", "room", "!ops:example.org", "accessToken", TOKEN))).settings()
                .toString()).doesNotContain(TOKEN);
    }
}
