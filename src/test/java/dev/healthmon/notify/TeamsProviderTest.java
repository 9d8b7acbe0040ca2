package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.settings;
import static dev.healthmon.notify.Fixtures.up;
import static dev.healthmon.notify.NtfyProviderTest.deliver;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.healthmon.core.model.MonitorEvent.Notification;
import org.junit.jupiter.api.Test;

class TeamsProviderTest {

    @Test
    void postsAnAdaptiveCardWithTheTitleAndAFactPerField() {
        try (Receiver receiver = Receiver.answering(202)) {
            ProviderConfig config = ProviderConfig.of("teams", settings("teams", receiver.url()
                    + "/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=s1g"));

            deliver(config, Fixtures.down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=s1g");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.body()).isEqualTo("{\"type\":\"message\",\"attachments\":[{"
                    + "\"contentType\":\"application/vnd.microsoft.card.adaptive\",\"content\":{"
                    + "\"$schema\":\"http://adaptivecards.io/schemas/adaptive-card.json\","
                    + "\"type\":\"AdaptiveCard\",\"version\":\"1.4\",\"body\":["
                    + "{\"type\":\"TextBlock\",\"text\":\"❌ Service went down ❌\",\"size\":\"Large\","
                    + "\"weight\":\"Bolder\",\"color\":\"Attention\",\"wrap\":true},"
                    + "{\"type\":\"FactSet\",\"facts\":["
                    + "{\"title\":\"Service Name\",\"value\":\"api\"},"
                    + "{\"title\":\"Time\",\"value\":\"2026-11-24 09:30:00 UTC\"},"
                    + "{\"title\":\"Service URL\",\"value\":\"http://localhost:8080\"},"
                    + "{\"title\":\"Detail\",\"value\":\"HTTP 503 Service Unavailable\"},"
                    + "{\"title\":\"Last Seen\",\"value\":\"2026-11-24 09:29:15 UTC\"}]}],"
                    + "\"msteams\":{\"width\":\"Full\"}}}]}");
        }
    }

    @Test
    void upIsGreenWithThePing() {
        try (Receiver receiver = Receiver.answering(202)) {
            deliver(ProviderConfig.of("teams", settings("teams", receiver.url())), up());

            Map<String, Object> card = card(receiver.first().body());
            List<Map<String, Object>> body = list(card.get("body"));
            assertThat(body.get(0)).containsEntry("text", "✅ Service is up ✅").containsEntry("color", "Good");
            assertThat(list(body.get(1).get("facts"))).last()
                    .isEqualTo(Map.of("title", "Ping", "value", "12 ms"));
        }
    }

    @Test
    void longDetailIsClippedToKeepTheCardUnderTheLimit() {
        try (Receiver receiver = Receiver.answering(202)) {
            Notification down = new Notification("api", Notification.Kind.DOWN, "http://localhost:8080",
                    "x".repeat(50_000), Fixtures.DOWN_AT, Fixtures.LAST_SEEN, Duration.ofMillis(40));

            deliver(ProviderConfig.of("teams", settings("teams", receiver.url())), down);

            String body = receiver.first().body();
            Map<String, Object> detail = list(list(card(body).get("body")).get(1).get("facts")).get(3);
            assertThat((String) detail.get("value")).hasSize(TeamsSettings.MAX_VALUE).endsWith("x…");
            assertThat(body.length()).isLessThan(28_000);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> card(String body) {
        List<Map<String, Object>> attachments = list(Json.readObject(body).get("attachments"));
        return (Map<String, Object>) attachments.get(0).get("content");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
