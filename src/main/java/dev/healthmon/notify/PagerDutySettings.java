package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.MonitorEvent.Notification;
import reactor.core.publisher.Mono;

/**
 * PagerDuty Events API v2 ({@code provider: pagerduty}): a down posts {@code event_action: trigger} and its up
 * {@code resolve} to {@code url} (the full events endpoint, {@value #API} by default), with one {@code dedup_key}
 * per monitor and outage, so the up resolves the incident its down opened and a reminder joins it instead of
 * opening another.
 *
 * <p>The summary is clipped to PagerDuty's {@value #MAX_SUMMARY} characters; a dedup key longer than
 * {@value #MAX_DEDUP_KEY} becomes a digest of itself.
 *
 * @param routingKey the integration key of an Events API v2 integration ({@code routingKey}, required); never shown
 * @param severity the severity of a down ({@code severity}: {@code critical} by default, {@code error},
 *        {@code warning} or {@code info})
 */
record PagerDutySettings(String routingKey, String severity) implements ProviderSettings {

    static final String API = "https://events.pagerduty.com/v2/enqueue";
    static final ProviderKind KIND = ProviderKind.of("pagerduty", Set.of("routingKey", "severity"),
            PagerDutySettings::read).withDefaultUrl(API).outagesOnly();
    static final int MAX_SUMMARY = 1024;
    static final int MAX_DEDUP_KEY = 255;
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
    private static final Pattern ROUTING_KEY = Pattern.compile("[A-Za-z0-9]{32}");

    PagerDutySettings {
        requireNonNull(routingKey, "routingKey");
        requireNonNull(severity, "severity");
    }

    static PagerDutySettings read(ConfigMap in) {
        String routingKey = in.required("routingKey");
        if (!ROUTING_KEY.matcher(routingKey).matches()) {
            // the key is not echoed: a typo'd key is still mostly a secret
            throw in.invalid("routingKey", "invalid routingKey (expected: the 32 letters and digits of an "
                    + "Events API v2 integration key)");
        }
        String severity = in.text("severity", "critical").toLowerCase(Locale.ROOT);
        if (!SEVERITIES.contains(severity)) {
            throw in.invalid("severity", "unknown severity '" + in.text("severity")
                    + "' (expected: critical, error, warning or info)");
        }
        return new PagerDutySettings(routingKey, severity);
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        return transport.http(new Outbound("POST", letter.url(), Map.of("Content-Type", "application/json"),
                body(letter)));
    }

    /** Returns the event of {@code letter}: a trigger with its payload for a down, a resolve for an up. */
    String body(Letter letter) {
        Notification notification = letter.notification();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routing_key", routingKey);
        body.put("dedup_key", dedupKey(notification));
        if (notification.kind() == Notification.Kind.UP) {
            body.put("event_action", "resolve");
            return Json.write(body);
        }
        body.put("event_action", "trigger");
        Map<String, Object> details = new LinkedHashMap<>();
        letter.message().fields().forEach(field -> details.put(field.name(), field.value()));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", Clip.to(MAX_SUMMARY, summary(notification)));
        payload.put("source", notification.url().isEmpty() ? notification.name() : notification.url());
        payload.put("severity", severity);
        payload.put("timestamp", notification.time().toString());
        payload.put("component", notification.name());
        payload.put("class", "health check");
        payload.put("custom_details", details);
        body.put("payload", payload);
        body.put("client", "healthmon");
        return Json.write(body);
    }

    /** Returns the key shared by an outage's down, reminders and up: {@code healthmon/<monitor>/<outage>}. */
    static String dedupKey(Notification notification) {
        String key = "healthmon/" + notification.name() + "/" + notification.outage();
        return key.length() <= MAX_DEDUP_KEY ? key : "healthmon/" + Digests.sha256(key);
    }

    @Override
    public String toString() {
        return "PagerDutySettings[routingKey=***, severity=" + severity + "]";
    }

    private static String summary(Notification notification) {
        return notification.name() + " is down" + (notification.detail().isEmpty() ? ""
                : ": " + notification.detail());
    }
}
