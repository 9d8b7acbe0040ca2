package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.Fixtures.up;
import static dev.healthmon.notify.NtfyProviderTest.deliver;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiscordProviderTest {

    static final String DOWN_EMBED = "{\"embeds\":[{\"title\":\"❌ Service went down ❌\",\"color\":16711680,"
            + "\"fields\":["
            + "{\"name\":\"Service Name\",\"value\":\"api\",\"inline\":false},"
            + "{\"name\":\"Time\",\"value\":\"2026-11-24 09:30:00 UTC\",\"inline\":false},"
            + "{\"name\":\"Service URL\",\"value\":\"http://localhost:8080\",\"inline\":false},"
            + "{\"name\":\"Detail\",\"value\":\"HTTP 503 Service Unavailable\",\"inline\":false},"
            + "{\"name\":\"Last Seen\",\"value\":\"2026-11-24 09:29:15 UTC\",\"inline\":false}]}]}";

    @Test
    void postsOneRedEmbedWithTheFieldsForADown() {
        try (Receiver receiver = Receiver.answering(204)) {
            ProviderConfig config = ProviderConfig.of("discord", settings("discord",
                    receiver.url() + "/api/webhooks/123/abc"));

            deliver(config, down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/api/webhooks/123/abc");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.body()).isEqualTo(DOWN_EMBED);
        }
    }

    @Test
    void upIsGreenWithPing() {
        try (Receiver receiver = Receiver.answering(204)) {
            ProviderConfig config = ProviderConfig.of("discord", settings("discord", receiver.url() + "/hook"));

            deliver(config, up());

            assertThat(receiver.first().body()).isEqualTo("{\"embeds\":[{\"title\":\"✅ Service is up ✅\","
                    + "\"color\":65280,\"fields\":["
                    + "{\"name\":\"Service Name\",\"value\":\"api\",\"inline\":false},"
                    + "{\"name\":\"Time\",\"value\":\"2026-11-24 09:42:07 UTC\",\"inline\":false},"
                    + "{\"name\":\"Service URL\",\"value\":\"http://localhost:8080\",\"inline\":false},"
                    + "{\"name\":\"Ping\",\"value\":\"12 ms\",\"inline\":false}]}]}");
        }
    }
}
