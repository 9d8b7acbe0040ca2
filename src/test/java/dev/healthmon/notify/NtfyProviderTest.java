package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.channel;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.Fixtures.up;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class NtfyProviderTest {

    private static final String DOWN_TITLE_ENCODED = "=?UTF-8?B?"
            + Base64.getEncoder().encodeToString("❌ Service went down ❌".getBytes(StandardCharsets.UTF_8)) + "?=";

    @Test
    void postsMarkdownToTopicWithTitlePriorityTagsAndToken() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("ntfy", settings("ntfy", receiver.url(), "topic", "healthmon",
                    "token", "tk_secret", "tags", List.of("warning", "skull")));

            deliver(config, down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/healthmon");
            assertThat(request.header("Title")).isEqualTo(DOWN_TITLE_ENCODED);
            assertThat(request.header("Priority")).isEqualTo("4");
            assertThat(request.header("Tags")).isEqualTo("warning,skull");
            assertThat(request.header("Markdown")).isEqualTo("yes");
            assertThat(request.header("Authorization")).isEqualTo("Bearer tk_secret");
            assertThat(request.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(request.body()).isEqualTo(Expected.DOWN_MARKDOWN);
        }
    }

    @Test
    void plainUpHasNoMarkdownTokenOrTagsAndDefaultPriority() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("push", settings("ntfy", receiver.url() + "/base/", "topic",
                    "alerts", "format", "plain"));

            deliver(config, up());

            Receiver.Request request = receiver.first();
            assertThat(request.uri()).isEqualTo("/base/alerts");
            assertThat(request.header("Priority")).isEqualTo("3");
            assertThat(request.headers().contains("Markdown")).isFalse();
            assertThat(request.headers().contains("Authorization")).isFalse();
            assertThat(request.headers().contains("Tags")).isFalse();
            assertThat(request.body()).isEqualTo("""
                    Service Name: api
                    Time: 2026-11-24 09:42:07 UTC
                    Service URL: http://localhost:8080
                    Ping: 12 ms
                    """);
        }
    }

    @Test
    void configuredPriorityByNameWins() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("ntfy", settings("ntfy", receiver.url(), "topic", "t",
                    "priority", "urgent"));

            deliver(config, down());

            assertThat(receiver.first().header("Priority")).isEqualTo("5");
        }
    }

    static void deliver(ProviderConfig config, dev.healthmon.core.model.MonitorEvent.Notification notification) {
        StepVerifier.create(channel(config).deliver(Job.first(notification)))
                .expectNext(Result.DELIVERED)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }
}
