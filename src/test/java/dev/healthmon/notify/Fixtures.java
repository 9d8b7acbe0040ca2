package dev.healthmon.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import dev.healthmon.core.model.MonitorEvent.Notification;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/** Notifications, configurations and channels shared by the notify tests. */
final class Fixtures {

    static final ZoneId UTC = ZoneId.of("UTC");
    static final Instant DOWN_AT = Instant.parse("2026-11-24T09:30:00Z");
    static final Instant LAST_SEEN = Instant.parse("2026-11-24T09:29:15Z");
    static final Instant UP_AT = Instant.parse("2026-11-24T09:42:07Z");
    static final HttpClient CLIENT = HttpClient.create();

    private Fixtures() {
    }

    static Notification down(String monitor) {
        return new Notification(monitor, Notification.Kind.DOWN, "http://localhost:8080",
                "HTTP 503 Service Unavailable", DOWN_AT, LAST_SEEN, Duration.ofMillis(40));
    }

    static Notification down() {
        return down("api");
    }

    static Notification up(String monitor) {
        return new Notification(monitor, Notification.Kind.UP, "http://localhost:8080", "", UP_AT, UP_AT,
                Duration.ofMillis(12));
    }

    static Notification up() {
        return up("api");
    }

    /** Returns the settings map of a provider, with {@code keyValues} as alternating keys and values. */
    static Map<String, Object> settings(String provider, Object url, Object... keyValues) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("provider", provider);
        settings.put("url", url.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put((String) keyValues[i], keyValues[i + 1]);
        }
        return settings;
    }

    static ProviderChannel channel(ProviderConfig config, Scheduler scheduler, MeterRegistry meters) {
        return new ProviderChannel(config, CLIENT, scheduler, UTC, meters);
    }

    static ProviderChannel channel(ProviderConfig config) {
        return channel(config, Schedulers.parallel(), new SimpleMeterRegistry());
    }

    static double count(MeterRegistry meters, String provider, String result) {
        return meters.find(DeliveryLog.COUNTER).tag("provider", provider).tag("result", result).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }
}
