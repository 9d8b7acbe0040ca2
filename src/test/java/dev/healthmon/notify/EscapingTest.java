package dev.healthmon.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.healthmon.core.model.MonitorEvent.Notification;
import org.junit.jupiter.api.Test;

/**
 * A value a target or a user controls, such as a detail or a name, is data in every format: it cannot add a
 * heading, a link or a field to markdown, a field to a form, or a key to JSON.
 */
class EscapingTest {

    private static final String HOSTILE = "x\n#### Admin\n[click](http://evil.example) *bold* `code` <b>|&a=1\"}";

    private static final Message MESSAGE = new Message("api", Notification.Kind.DOWN, "title",
            List.of(new Message.Field("Detail", HOSTILE)), Message.RED);

    @Test
    void markdownShowsTheValueOnOneLineWithItsMarkupEscaped() {
        String text = MESSAGE.text(TextFormat.MARKDOWN);

        assertThat(text).isEqualTo("#### Detail\nx #### Admin \\[click\\](http://evil.example) \\*bold\\* \\`code\\` "
                + "\\<b\\>\\|&a=1\"}\n");
        assertThat(text.lines().filter(line -> line.startsWith("#"))).hasSize(1);
    }

    @Test
    void aValueThatWouldStartAHeadingOrAListIsEscaped() {
        assertThat(Message.markdown("# big")).isEqualTo("\\# big");
        assertThat(Message.markdown("- item")).isEqualTo("\\- item");
        assertThat(Message.markdown("1. item")).isEqualTo("\\1. item");
        assertThat(Message.markdown("HTTP 503 Service Unavailable")).isEqualTo("HTTP 503 Service Unavailable");
    }

    @Test
    void plainTextKeepsOneLinePerField() {
        assertThat(MESSAGE.text(TextFormat.PLAIN).lines()).hasSize(1);
    }

    @Test
    void aFormPayloadGetsEachValueAsOneFormValue() {
        String body = WebhookSettings.fill("title=$title&text=$message", MESSAGE, false, true, TextFormat.PLAIN);

        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            fields.put(parts[0], java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(fields).containsOnlyKeys("title", "text");
        assertThat(fields.get("text")).isEqualTo(MESSAGE.text(TextFormat.PLAIN));
    }

    @Test
    void aJsonPayloadGetsEachValueAsOneJsonString() {
        String body = WebhookSettings.fill(WebhookSettings.DEFAULT_PAYLOAD, MESSAGE, true, TextFormat.PLAIN);

        assertThat(Json.valid(body)).isTrue();
        assertThat(body).contains(Json.write(MESSAGE.text(TextFormat.PLAIN)));
    }
}
