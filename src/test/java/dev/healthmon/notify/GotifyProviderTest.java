package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.Fixtures.up;
import static dev.healthmon.notify.NtfyProviderTest.deliver;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GotifyProviderTest {

    @Test
    void postsJsonMessageWithAppTokenAndMarkdownExtras() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("gotify", settings("gotify", receiver.url(), "token",
                    "AbCdEf123"));

            deliver(config, down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/message");
            assertThat(request.header("X-Gotify-Key")).isEqualTo("AbCdEf123");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.body()).isEqualTo("{\"title\":\"❌ Service went down ❌\",\"message\":"
                    + Expected.quoted(Expected.DOWN_MARKDOWN) + ",\"priority\":8,"
                    + "\"extras\":{\"client::display\":{\"contentType\":\"text/markdown\"}}}");
        }
    }

    @Test
    void plainUpHasNoExtrasAndTheConfiguredPriority() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("gotify", settings("gotify", receiver.url() + "/gotify/",
                    "token", "t", "format", "plain", "priority", 2));

            deliver(config, up());

            Receiver.Request request = receiver.first();
            assertThat(request.uri()).isEqualTo("/gotify/message");
            assertThat(request.body()).isEqualTo("{\"title\":\"✅ Service is up ✅\",\"message\":"
                    + Expected.quoted("""
                            Service Name: api
                            Time: 2026-11-24 09:42:07 UTC
                            Service URL: http://localhost:8080
                            Ping: 12 ms
                            """) + ",\"priority\":2}");
        }
    }
}
