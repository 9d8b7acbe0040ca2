package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.NtfyProviderTest.deliver;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackProviderTest {

    static final String DOWN_ATTACHMENT = "{\"text\":\"❌ Service went down ❌\","
            + "\"attachments\":[{\"color\":\"#ff0000\","
            + "\"fields\":["
            + "{\"title\":\"Service Name\",\"value\":\"api\",\"short\":false},"
            + "{\"title\":\"Time\",\"value\":\"2026-11-24 09:30:00 UTC\",\"short\":false},"
            + "{\"title\":\"Service URL\",\"value\":\"http://localhost:8080\",\"short\":false},"
            + "{\"title\":\"Detail\",\"value\":\"HTTP 503 Service Unavailable\",\"short\":false},"
            + "{\"title\":\"Last Seen\",\"value\":\"2026-11-24 09:29:15 UTC\",\"short\":false}]}]}";

    @Test
    void postsTitleAndOneColouredAttachmentToTheIncomingWebhook() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("slack", settings("slack",
                    receiver.url() + "/services/T000/B000/XXXX"));

            deliver(config, down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/services/T000/B000/XXXX");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.body()).isEqualTo(DOWN_ATTACHMENT);
        }
    }
}
