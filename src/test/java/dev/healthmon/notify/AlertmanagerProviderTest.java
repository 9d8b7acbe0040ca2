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
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.Notification;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class AlertmanagerProviderTest {

    private static final String MONITORED = "https://probe:pr0bepass@api.example.com:8443/health?token=abc#top";
    private static final Notification DOWN = new Notification("api", Notification.Kind.DOWN, MONITORED,
            "HTTP 503 Service Unavailable", DOWN_AT, LAST_SEEN, Duration.ofMillis(40));
    private static final Notification UP = new Notification("api", Notification.Kind.UP, MONITORED, "", UP_AT,
            UP_AT, Duration.ofMillis(12), DOWN_AT);

    @Test
    void aDownFiresAnAlertLabelledWithMonitorGroupAndRedactedUrl() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("am", settings("alertmanager", receiver.url() + "/am/",
                    "username", "healthmon", "password", "pa55word", "generatorURL", "https://healthmon.example.com/",
                    "labels", Map.of("team", "ops", "env", "prod")));

            notify(config, DOWN);

            Receiver.Request request = receiver.first();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/am/api/v2/alerts");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.header("Authorization")).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("healthmon:pa55word".getBytes(StandardCharsets.UTF_8)));
            assertThat(request.body()).isEqualTo("[{\"labels\":{\"alertname\":\"HealthmonMonitorDown\","
                    + "\"monitor\":\"api\",\"group\":\"core\",\"url\":\"https://api.example.com:8443/health\","
                    + "\"severity\":\"critical\",\"env\":\"prod\",\"team\":\"ops\"},"
                    + "\"annotations\":{\"summary\":\"api is down\",\"description\":\"HTTP 503 Service Unavailable\"},"
                    + "\"startsAt\":\"2026-11-24T09:30:00Z\",\"endsAt\":\"2026-12-01T09:30:00Z\","
                    + "\"generatorURL\":\"https://healthmon.example.com/\"}]");
        }
    }

    @Test
    void theUpResolvesTheSameAlertAtTheRecovery() {
        try (Receiver receiver = Receiver.answering(200)) {
            ProviderConfig config = ProviderConfig.of("am", settings("alertmanager", receiver.url(), "token",
                    "am-t0ken", "alertname", "ApiDown", "severity", "page", "endsAfter", "1d"));

            notify(config, DOWN, UP);

            List<Receiver.Request> requests = receiver.await(2);
            Map<String, Object> fired = alert(requests.get(0));
            Map<String, Object> resolved = alert(requests.get(1));
            assertThat(requests.get(1).header("Authorization")).isEqualTo("Bearer am-t0ken");
            assertThat(resolved.get("labels")).isEqualTo(fired.get("labels")).isEqualTo(Map.of(
                    "alertname", "ApiDown", "monitor", "api", "group", "core",
                    "url", "https://api.example.com:8443/health", "severity", "page"));
            assertThat(fired.get("endsAt")).isEqualTo("2026-11-25T09:30:00Z");
            assertThat(resolved.get("startsAt")).isEqualTo(fired.get("startsAt")).isEqualTo("2026-11-24T09:30:00Z");
            assertThat(resolved.get("endsAt")).isEqualTo("2026-11-24T09:42:07Z");
            assertThat(resolved.get("annotations")).isEqualTo(Map.of("summary", "api is up again",
                    "description", "Ping 12 ms"));
            assertThat(resolved).doesNotContainKey("generatorURL");
        }
    }

    @Test
    void aMonitorWithoutAGroupHasNoGroupLabel() {
        try (Receiver receiver = Receiver.answering(200)) {
            deliver(ProviderConfig.of("am", settings("alertmanager", receiver.url())), down());

            Receiver.Request request = receiver.first();
            assertThat(request.headers().contains("Authorization")).isFalse();
            assertThat(alert(request).get("labels")).isEqualTo(Map.of("alertname", "HealthmonMonitorDown",
                    "monitor", "api", "url", "http://localhost:8080", "severity", "critical"));
        }
    }

    @Test
    void aRetryPostsTheSameAlertAgain() {
        try (Receiver receiver = Receiver.scripted(n -> Receiver.Reply.of(n == 1 ? 503 : 200))) {
            deliver(ProviderConfig.of("am", settings("alertmanager", receiver.url(), "backoff", "10ms")), DOWN);

            List<Receiver.Request> requests = receiver.await(2);
            assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        }
    }

    @Test
    void monitoredUrlsLoseUserInfoQueryAndFragment() {
        assertThat(AlertmanagerSettings.redact(MONITORED)).isEqualTo("https://api.example.com:8443/health");
        assertThat(AlertmanagerSettings.redact("tcp://db:5432")).isEqualTo("tcp://db:5432");
        assertThat(AlertmanagerSettings.redact("postgres://u:p@db/x?sslmode=require")).isEqualTo("postgres://db/x");
        assertThat(AlertmanagerSettings.redact("file:///var/run/app.pid")).isEqualTo("file:///var/run/app.pid");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            labels.1team   | x  | invalid label name '1team' (expected: letters, digits and _, not starting with a digit or __)
            labels.__meta  | x  | invalid label name '__meta' (expected: letters, digits and _, not starting with a digit or __)
            labels.monitor | x  | label 'monitor' is set by healthmon
            labels.team    |    | missing team
            endsAfter      | 0s | non-positive endsAfter 0s (expected: > 0)
            password       | pw | missing username (required with password)
            username       | me | missing password (required with username)
            generatorURL   | /x | invalid url '/x' (expected: http://host[:port][/path] or https://...)
            """)
    void invalidKeysAreNamed(String key, String value, String problem) {
        Map<String, Object> settings = settings("alertmanager", "http://127.0.0.1:9093");
        if (key.startsWith("labels.")) {
            Map<String, Object> labels = new HashMap<>();
            labels.put(key.substring("labels.".length()), value == null ? "" : value);
            settings.put("labels", labels);
        }
        else {
            settings.put(key, value);
        }
        String field = key.equals("password") ? "username" : key.equals("username") ? "password" : key;

        assertThatThrownBy(() -> ProviderConfig.of("am", settings))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.am." + field);
                    assertThat(e.problem()).isEqualTo(problem);
                });
    }

    @Test
    void aTokenAndAPasswordExcludeEachOtherWithoutShowingEither() {
        assertThatThrownBy(() -> ProviderConfig.of("am", settings("alertmanager", "http://127.0.0.1:9093",
                "token", "am-t0ken", "username", "me", "password", "pa55word")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.am.token");
                    assertThat(e.getMessage()).doesNotContain("am-t0ken").doesNotContain("pa55word");
                });
    }

    @Test
    void settingsNeverShowTheirCredentials() {
        ProviderSettings basic = ProviderConfig.of("am", settings("alertmanager", "http://127.0.0.1:9093",
                "username", "me", "password", "pa55word")).settings();
        ProviderSettings bearer = ProviderConfig.of("am", settings("alertmanager", "http://127.0.0.1:9093",
                "token", "am-t0ken")).settings();

        assertThat(basic.toString()).contains("(hidden)").doesNotContain("pa55word")
                .doesNotContain(Base64.getEncoder().encodeToString("me:pa55word".getBytes(StandardCharsets.UTF_8)));
        assertThat(bearer.toString()).contains("(hidden)").doesNotContain("am-t0ken");
    }

    // through the notifier, which knows the monitors' groups
    private static void notify(ProviderConfig config, MonitorEvent... events) {
        Notifier notifier = Notifier.builder(List.of(config), monitor -> Set.of(), new SimpleMeterRegistry())
                .groups(monitor -> monitor.equals("api") ? "core" : null)
                .zone(Fixtures.UTC)
                .build();
        // one at a time, so the receiver sees them in order
        StepVerifier.create(Flux.fromArray(events).concatMap(event -> notifier.run(Flux.just(event))))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> alert(Receiver.Request request) {
        List<Object> alerts = JsonMapper.builder().build().readValue(request.body(), List.class);
        assertThat(alerts).hasSize(1);
        return new LinkedHashMap<>((Map<String, Object>) alerts.get(0));
    }
}
