package dev.healthmon.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.healthmon.core.model.MonitorEvent.Notification;
import org.jspecify.annotations.Nullable;

/** Writes a notification as the payload the outbox keeps, and reads it back after a restart. */
final class OutboxPayload {

    private OutboxPayload() {
    }

    /** Returns {@code notification} as JSON, every field kept exactly. */
    static String write(Notification notification) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", notification.name());
        fields.put("kind", notification.kind().name());
        fields.put("url", notification.url());
        fields.put("detail", notification.detail());
        fields.put("time", notification.time().toString());
        Instant lastSeen = notification.lastSeen();
        if (lastSeen != null) {
            fields.put("lastSeen", lastSeen.toString());
        }
        fields.put("latency", notification.latency().toString());
        fields.put("outage", notification.outage().toString());
        return Json.write(fields);
    }

    /**
     * Returns the notification {@code payload} holds.
     *
     * @throws IllegalArgumentException if it is not a payload that {@link #write(Notification)} wrote
     */
    static Notification read(String payload) {
        Map<String, Object> fields = Json.readObject(payload);
        try {
            String lastSeen = optional(fields, "lastSeen");
            return new Notification(required(fields, "name"), Notification.Kind.valueOf(required(fields, "kind")),
                    required(fields, "url"), required(fields, "detail"), Instant.parse(required(fields, "time")),
                    lastSeen == null ? null : Instant.parse(lastSeen), Duration.parse(required(fields, "latency")),
                    Instant.parse(required(fields, "outage")));
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException("not a notification payload: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, Object> fields, String name) {
        String value = optional(fields, name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    private static @Nullable String optional(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        return value == null ? null : value.toString();
    }
}
