package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.MonitorEvent.Notification;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Prometheus Alertmanager ({@code provider: alertmanager}): {@code POST {url}/api/v2/alerts} with one alert in a
 * JSON array. A down fires it: {@code startsAt} is the outage's start and {@code endsAt} lies {@code endsAfter}
 * ahead, so the alert stays firing until the up resolves it; the up posts the same labels with {@code endsAt} at
 * the recovery. Alertmanager identifies an alert by its labels, so a retry or a reminder updates the one alert.
 *
 * <p>Labels: {@code alertname}, {@code monitor}, {@code group} (when the monitor has one), {@code url} (the
 * monitored URL without user info, query or fragment), {@code severity}, then the static {@code labels}.
 * Annotations: {@code summary} and {@code description}.
 *
 * @param alertName the {@code alertname} label ({@code alertname}, {@value #DEFAULT_ALERT_NAME} by default)
 * @param severity the {@code severity} label ({@code severity}, {@value #DEFAULT_SEVERITY} by default)
 * @param labels more labels for every alert ({@code labels}, a map), by name
 * @param generatorUrl the alert's link back ({@code generatorURL}), or {@code null}
 * @param endsAfter how long after its start a down alert ends by itself when no up resolves it ({@code endsAfter},
 *        7 days by default): a bound on an alert whose up never came because healthmon stopped
 * @param authorization the {@code Authorization} header ({@code username} and {@code password} for basic auth, or
 *        {@code token} for a bearer token), or {@code null}; never shown by {@link #toString()}
 */
record AlertmanagerSettings(String alertName, String severity, SortedMap<String, String> labels,
        @Nullable URI generatorUrl, Duration endsAfter, @Nullable String authorization) implements ProviderSettings {

    static final String DEFAULT_ALERT_NAME = "HealthmonMonitorDown";
    static final String DEFAULT_SEVERITY = "critical";
    static final Duration DEFAULT_ENDS_AFTER = Duration.ofDays(7);
    static final ProviderKind KIND = ProviderKind.of("alertmanager", Set.of("alertname", "severity", "labels",
            "generatorURL", "endsAfter", "username", "password", "token"), AlertmanagerSettings::read).outagesOnly();
    private static final Set<String> OWN_LABELS = Set.of("alertname", "monitor", "group", "url", "severity");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#]*@");

    AlertmanagerSettings {
        requireNonNull(alertName, "alertName");
        requireNonNull(severity, "severity");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        requireNonNull(endsAfter, "endsAfter");
    }

    static AlertmanagerSettings read(ConfigMap in) {
        SortedMap<String, String> labels = new TreeMap<>();
        ConfigMap extra = in.object("labels");
        if (extra != null) {
            for (String name : extra.keys()) {
                if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                    throw extra.invalid(name, "invalid label name '" + name + "' (expected: letters, digits and _, "
                            + "not starting with a digit or __)");
                }
                if (OWN_LABELS.contains(name)) {
                    throw extra.invalid(name, "label '" + name + "' is set by healthmon");
                }
                labels.put(name, extra.required(name));
            }
        }
        URI generatorUrl = in.has("generatorURL") ? in.httpUrl("generatorURL", null) : null;
        return new AlertmanagerSettings(in.text("alertname", DEFAULT_ALERT_NAME),
                in.text("severity", DEFAULT_SEVERITY), labels, generatorUrl,
                in.positiveDuration("endsAfter", DEFAULT_ENDS_AFTER), authorization(in));
    }

    @Override
    public Mono<Void> send(Letter letter, Transport transport) {
        Notification notification = letter.notification();
        boolean down = notification.kind() == Notification.Kind.DOWN;
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("labels", labels(letter));
        alert.put("annotations", annotations(notification));
        alert.put("startsAt", notification.outage().toString());
        Instant endsAt = down ? notification.outage().plus(endsAfter) : notification.time();
        alert.put("endsAt", endsAt.toString());
        Json.putIfSet(alert, "generatorURL", generatorUrl);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return transport.http(new Outbound("POST", letter.url("api/v2/alerts"), headers,
                Json.write(List.of(alert))));
    }

    @Override
    public String toString() {
        return "AlertmanagerSettings[alertName=" + alertName + ", severity=" + severity + ", labels=" + labels
                + ", generatorUrl=" + generatorUrl + ", endsAfter=" + endsAfter + ", authorization="
                + (authorization == null ? "none" : "(hidden)") + "]";
    }

    /** Returns {@code url} without user info, query or fragment: what an alert may show of a monitored URL. */
    static String redact(String url) {
        int end = url.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = url.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return USER_INFO.matcher(url.substring(0, end)).replaceFirst("$1");
    }

    private Map<String, String> labels(Letter letter) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("alertname", alertName);
        out.put("monitor", letter.notification().name());
        if (letter.group() != null) {
            out.put("group", letter.group());
        }
        out.put("url", redact(letter.notification().url()));
        out.put("severity", severity);
        out.putAll(labels);
        return out;
    }

    private static Map<String, String> annotations(Notification notification) {
        Map<String, String> out = new LinkedHashMap<>();
        if (notification.kind() == Notification.Kind.DOWN) {
            out.put("summary", notification.name() + " is down");
            if (!notification.detail().isEmpty()) {
                out.put("description", notification.detail());
            }
        }
        else {
            out.put("summary", notification.name() + " is up again");
            out.put("description", "Ping " + notification.latency().toMillis() + " ms");
        }
        return out;
    }

    private static @Nullable String authorization(ConfigMap in) {
        String token = in.text("token");
        String username = in.text("username");
        String password = in.text("password");
        if (token != null) {
            if (username != null || password != null) {
                throw in.invalid("token", "a token and a username/password exclude each other");
            }
            return "Bearer " + token;
        }
        if (username == null) {
            if (password != null) {
                throw in.invalid("username", "missing username (required with password)");
            }
            return null;
        }
        if (password == null) {
            throw in.invalid("password", "missing password (required with username)");
        }
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
