package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
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

class PagerDutyProviderTest {

    private static final String KEY = "R0123456789abcdef0123456789ABCDE";

    @Test
    void downTriggersAnIncidentKeyedByMonitorAndOutage() {
        try (Receiver receiver = Receiver.answering(202)) {
            ProviderConfig config = ProviderConfig.of("pd", settings("pagerduty", receiver.url() + "/v2/enqueue",
                    "routingKey", KEY));

            deliver(config, down());

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/v2/enqueue");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.body()).isEqualTo("{\"routing_key\":\"" + KEY + "\","
                    + "\"dedup_key\":\"healthmon/api/2026-11-24T09:30:00Z\",\"event_action\":\"trigger\","
                    + "\"payload\":{\"summary\":\"api is down: HTTP 503 Service Unavailable\","
                    + "\"source\":\"http://localhost:8080\",\"severity\":\"critical\","
                    + "\"timestamp\":\"2026-11-24T09:30:00Z\",\"component\":\"api\",\"class\":\"health check\","
                    + "\"custom_details\":{\"Service Name\":\"api\",\"Time\":\"2026-11-24 09:30:00 UTC\","
                    + "\"Service URL\":\"http://localhost:8080\",\"Detail\":\"HTTP 503 Service Unavailable\","
                    + "\"Last Seen\":\"2026-11-24 09:29:15 UTC\"}},\"client\":\"healthmon\"}");
        }
    }

    @Test
    void upResolvesTheIncidentItsDownTriggeredAndAReminderJoinsIt() {
        try (Receiver receiver = Receiver.answering(202)) {
            ProviderConfig config = ProviderConfig.of("pd", settings("pagerduty", receiver.url(), "routingKey", KEY,
                    "severity", "Warning"));
            Notification up = new Notification("api", Notification.Kind.UP, "http://localhost:8080", "",
                    Fixtures.UP_AT, Fixtures.UP_AT, Duration.ofMillis(12), Fixtures.DOWN_AT);

            ProviderChannel channel = Fixtures.channel(config);
            for (Job job : List.of(Job.first(down()), Job.reminder(down(), 1), Job.first(up))) {
                StepVerifier.create(channel.deliver(job))
                        .expectNext(Result.DELIVERED)
                        .expectComplete()
                        .verify(Duration.ofSeconds(10));
            }

            List<Receiver.Request> requests = receiver.await(3);
            Map<String, Object> trigger = Json.readObject(requests.get(0).body());
            Map<String, Object> reminder = Json.readObject(requests.get(1).body());
            Map<String, Object> resolve = Json.readObject(requests.get(2).body());
            assertThat(trigger).containsEntry("event_action", "trigger");
            assertThat(payload(trigger)).containsEntry("severity", "warning");
            assertThat(reminder).containsEntry("event_action", "trigger")
                    .containsEntry("dedup_key", trigger.get("dedup_key"));
            assertThat(resolve).containsExactlyInAnyOrderEntriesOf(Map.of("routing_key", KEY,
                    "dedup_key", "healthmon/api/2026-11-24T09:30:00Z", "event_action", "resolve"));
        }
    }

    @Test
    void summaryIsClippedToTheLimitAndALongKeyBecomesADigest() {
        try (Receiver receiver = Receiver.answering(202)) {
            ProviderConfig config = ProviderConfig.of("pd", settings("pagerduty", receiver.url(), "routingKey", KEY));
            Notification down = new Notification("m".repeat(300), Notification.Kind.DOWN, "", "d".repeat(5000),
                    Fixtures.DOWN_AT, null, Duration.ofMillis(40));

            deliver(config, down);

            Map<String, Object> event = Json.readObject(receiver.first().body());
            assertThat((String) payload(event).get("summary")).hasSize(PagerDutySettings.MAX_SUMMARY).endsWith("…");
            assertThat(payload(event)).containsEntry("source", "m".repeat(300));
            assertThat((String) event.get("dedup_key")).hasSize("healthmon/".length() + 64)
                    .isLessThanOrEqualTo("healthmon/" + "f".repeat(64));
        }
    }

    @Test
    void urlDefaultsToTheEventsEndpoint() {
        Map<String, Object> settings = new HashMap<>(Map.of("provider", "pagerduty", "routingKey", KEY));

        assertThat(ProviderConfig.of("pd", settings).url()).hasToString("https://events.pagerduty.com/v2/enqueue");
    }

    @Test
    void badKeysAreNamedAndTheRoutingKeyIsNeverShown() {
        String typo = KEY.substring(1);
        assertThatThrownBy(() -> ProviderConfig.of("pd", new HashMap<>(Map.of("provider", "pagerduty",
                "routingKey", typo))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.pd.routingKey");
                    assertThat(e.getMessage()).doesNotContain(typo);
                });
        assertThatThrownBy(() -> ProviderConfig.of("pd", new HashMap<>(Map.of("provider", "pagerduty",
                "routingKey", KEY, "severity", "page"))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.pd.severity");
                    assertThat(e.problem()).isEqualTo("unknown severity 'page' (expected: critical, error, "
                            + "warning or info)");
                });
        assertThat(ProviderConfig.of("pd", new HashMap<>(Map.of("provider", "pagerduty", "routingKey", KEY)))
                .settings().toString()).doesNotContain(KEY);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Map<String, Object> event) {
        return (Map<String, Object>) event.get("payload");
    }
}
