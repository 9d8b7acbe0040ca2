package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ProviderConfigTest {

    private static final String URL = "https://ntfy.example.com";

    @Test
    void appliesDefaults() {
        ProviderConfig config = ProviderConfig.of("ntfy", settings("ntfy", URL, "topic", "healthmon"));

        assertThat(config.name()).isEqualTo("ntfy");
        assertThat(config.provider()).isEqualTo("ntfy");
        assertThat(config.settings()).isInstanceOf(NtfySettings.class);
        assertThat(config.url()).hasToString(URL);
        assertThat(ntfy(config).topic()).isEqualTo("healthmon");
        assertThat(config.format()).isEqualTo(TextFormat.MARKDOWN);
        assertThat(config.repeat()).isNull();
        assertThat(ntfy(config).token()).isNull();
        assertThat(ntfy(config).priority()).isNull();
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.retries()).isEqualTo(3);
        assertThat(config.backoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.maxRetryAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.queue()).isEqualTo(100);
        assertThat(config.concurrency()).isEqualTo(4);
        assertThat(config.breakerWait()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void readsEveryKnob() {
        ProviderConfig config = ProviderConfig.of("hook", settings("WebHook", "http://127.0.0.1:9000/x",
                "format", "plain", "repeat", "1h", "timeout", "5s", "retries", "0", "backoff", "250ms",
                "maxBackoff", "30s", "maxRetryAfter", "2m", "queue", 10, "concurrency", 2, "breakerWait", "90s",
                "method", "put", "contentType", "text/plain", "payload", "$title"));

        assertThat(config.provider()).isEqualTo("webhook");
        assertThat(config.format()).isEqualTo(TextFormat.PLAIN);
        assertThat(config.repeat()).isEqualTo(Duration.ofHours(1));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.retries()).isZero();
        assertThat(config.backoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxRetryAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.queue()).isEqualTo(10);
        assertThat(config.concurrency()).isEqualTo(2);
        assertThat(config.breakerWait()).isEqualTo(Duration.ofSeconds(90));
        assertThat(webhook(config).method()).isEqualTo("PUT");
        assertThat(webhook(config).contentType()).isEqualTo("text/plain");
        assertThat(webhook(config).payload()).isEqualTo("$title");
    }

    @Test
    void readsTagsAsAListAnIndexedMapOrText() {
        assertThat(ntfy(ProviderConfig.of("n", settings("ntfy", URL, "topic", "t", "tags", List.of("a", "b"))))
                .tags())
                .containsExactly("a", "b");
        assertThat(ntfy(ProviderConfig.of("n", settings("ntfy", URL, "topic", "t", "tags",
                Map.of("1", "b", "0", "a")))).tags()).containsExactly("a", "b");
        assertThat(ntfy(ProviderConfig.of("n", settings("ntfy", URL, "topic", "t", "tags", "a, b"))).tags())
                .containsExactly("a", "b");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ntfy     | topic        | missing topic
            gotify   | token        | missing token
            telegram | token        | missing token
            telegram | chatId       | missing chatId
            webhook  | url          | missing url
            discord  | url          | missing url
            slack    | url          | missing url
            mattermost   | url      | missing url
            rocketchat   | url      | missing url
            googlechat   | url      | missing url
            alertmanager | url      | missing url
            apprise      | urls     | missing urls or key (expected: the Apprise URLs to notify, or the key of a configuration the server keeps)
            """)
    void missingRequiredKeyNamesProviderAndField(String provider, String key, String problem) {
        Map<String, Object> settings = new HashMap<>(Map.of("provider", provider, "url", URL, "topic", "t",
                "token", "x", "chatId", "1"));
        settings.keySet().retainAll(requiredKeys(provider));
        settings.remove(key);

        assertThatThrownBy(() -> ProviderConfig.of("mine", settings))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.mine." + key);
                    assertThat(e.problem()).isEqualTo(problem);
                });
    }

    @ParameterizedTest(name = "{1}={2}")
    @CsvSource(delimiter = '|', textBlock = """
            ntfy     | provider    | pager                   | unknown provider 'pager' (expected one of: webhook, ntfy, gotify, discord, slack, telegram, email, teams, pagerduty, pushover, matrix, mattermost, rocketchat, googlechat, alertmanager, apprise)
            ntfy     | url         | ${CHAT_WEBHOOK_URL}     | invalid url '${CHAT_WEBHOOK_URL}' (expected: http://host[:port][/path] or https://...)
            ntfy     | url         | ftp://example.com       | invalid url 'ftp://example.com' (expected: http://host[:port][/path] or https://...)
            ntfy     | topic       | /alerts                 | topic must not start with '/'
            ntfy     | format      | html                    | unknown format 'html' (expected: markdown or plain)
            ntfy     | priority    | 9                       | invalid priority '9' (expected: an integer from 1 to 5)
            gotify   | priority    | 11                      | invalid priority '11' (expected: an integer from 0 to 10)
            ntfy     | repeat      | 0s                      | non-positive repeat 0s (expected: > 0)
            ntfy     | timeout     | soon                    | invalid duration 'soon' (expected: such as 500ms, 30s, 1m30s or 2h)
            ntfy     | retries     | -1                      | invalid retries '-1' (expected: an integer from 0 to 100)
            ntfy     | queue       | 0                       | invalid queue '0' (expected: an integer from 1 to 1000000)
            ntfy     | concurrency | many                    | invalid concurrency 'many' (expected: an integer from 1 to 1000)
            ntfy     | template    | discord                 | not a setting of provider ntfy (expected one of: backoff, breakerWait, concurrency, format, groupWait, kinds, maxBackoff, maxRetryAfter, name, park, priority, provider, queue, repeat, retries, tags, timeout, token, topic, url)
            webhook  | template    | teams                   | unknown template 'teams' (expected: discord or slack)
            webhook  | method      | GET                     | unsupported method 'GET' (expected: POST, PUT or PATCH)
            webhook  | payload     | {"title": $title,       | payload is not valid JSON once its placeholders are filled
            """)
    void invalidValueNamesProviderAndField(String provider, String key, String value, String problem) {
        Map<String, Object> settings = new HashMap<>(Map.of("provider", provider, "url", URL));
        if (provider.equals("ntfy")) {
            settings.put("topic", "t");
        }
        if (provider.equals("gotify")) {
            settings.put("token", "x");
        }
        settings.put(key, value);

        assertThatThrownBy(() -> ProviderConfig.of("mine", settings))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.mine." + key);
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.getMessage()).isEqualTo("notifications.mine." + key + ": " + problem);
                });
    }

    @Test
    void incidentProvidersTakeDownsAndUpsOnly() {
        String key = "R0123456789abcdef0123456789ABCDE";
        assertThat(ProviderConfig.of("pager", settings("pagerduty", URL, "routingKey", key)).kinds())
                .containsExactlyInAnyOrder(MonitorEvent.Notification.Kind.DOWN, MonitorEvent.Notification.Kind.UP);
        assertThat(ProviderConfig.of("am", settings("alertmanager", URL)).kinds())
                .containsExactlyInAnyOrder(MonitorEvent.Notification.Kind.DOWN, MonitorEvent.Notification.Kind.UP);
        assertThat(ProviderConfig.of("n", settings("ntfy", URL, "topic", "t")).kinds())
                .containsExactlyInAnyOrder(MonitorEvent.Notification.Kind.values());
        assertThatThrownBy(() -> ProviderConfig.of("pager", settings("pagerduty", URL, "routingKey", key,
                "kinds", List.of("down", "degraded"))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.pager.kinds");
                    assertThat(e.problem()).startsWith("pagerduty tells of downs and ups only");
                });
    }

    @Test
    void textWebhookNeedsAPayload() {
        assertThatThrownBy(() -> ProviderConfig.of("hook", settings("webhook", URL, "contentType", "text/plain")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.hook.payload");
                    assertThat(e.problem()).isEqualTo("missing payload (required when contentType is not JSON)");
                });
    }

    @Test
    void payloadAndTemplateExcludeEachOther() {
        assertThatThrownBy(() -> ProviderConfig.of("hook", settings("webhook", URL, "template", "slack",
                "payload", "{}")))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("notifications.hook.payload"));
    }

    @Test
    void missingProviderIsNamed() {
        assertThatThrownBy(() -> ProviderConfig.of("x", Map.of("url", URL)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.x.provider");
                    assertThat(e.problem()).isEqualTo("missing provider");
                });
    }

    @Test
    void nameInTheMapMustMatch() {
        assertThatThrownBy(() -> ProviderConfig.of("x", Map.of("name", "y", "provider", "discord", "url", URL)))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("notifications.x.name"));
    }

    private static NtfySettings ntfy(ProviderConfig config) {
        return (NtfySettings) config.settings();
    }

    private static WebhookSettings webhook(ProviderConfig config) {
        return (WebhookSettings) config.settings();
    }

    private static List<String> requiredKeys(String provider) {
        return switch (provider) {
            case "ntfy" -> List.of("provider", "url", "topic");
            case "gotify" -> List.of("provider", "url", "token");
            case "telegram" -> List.of("provider", "token", "chatId");
            default -> List.of("provider", "url");
        };
    }
}
