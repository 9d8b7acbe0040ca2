package dev.healthmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Outcome;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.ServerSentEventHttpMessageWriter;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import reactor.core.publisher.Flux;

/**
 * The stream's frames are written once for all clients, byte for byte as Spring's SSE writer wrote each event for
 * each client before: a client cannot tell them apart.
 */
class SseFramesTest {

    private static final Instant AT = Instant.parse("2026-12-03T10:15:30Z");

    @Test
    void everyKindOfEventIsWrittenAsSpringsWriterWritesIt() {
        List<MonitorEvent> events = List.of(
                new MonitorEvent.StatusChanged("api \"eu\"", HealthStatus.UNHEALTHY, HealthStatus.HEALTHY,
                        "503 Service Unavailable\nsecond line \u00e9\u2028", Duration.ofMillis(12), AT.minusSeconds(9),
                        AT, 3),
                new MonitorEvent.Checked("api", Outcome.Kind.FAIL, HealthStatus.UNHEALTHY, "timeout",
                        Duration.ofMillis(5000), AT),
                new MonitorEvent.Notification("api", MonitorEvent.Notification.Kind.DOWN, "http://127.0.0.1:1/health",
                        "refused", AT, null, Duration.ZERO, AT),
                new MonitorEvent.Lifecycle("api", MonitorEvent.Lifecycle.Action.ADDED, "api", AT),
                MonitorEvent.ConfigReloaded.applied("config/monitors.yml", List.of("a"), List.of("b"), List.of("c"),
                        AT),
                MonitorEvent.ConfigReloaded.rejected("config/monitors.yml", "interval: not a duration", "api",
                        "interval", AT),
                new MonitorEvent.Maintenance("api", "nightly", AT, AT.plusSeconds(3600), true, AT));
        SseFrames frames = new SseFrames();
        long id = 1_764_000_000_000L;
        for (MonitorEvent event : events) {
            StreamItem.Event item = new StreamItem.Event(++id, event);
            ServerSentEvent<Object> sse = ServerSentEvent.builder(EventViews.of(event))
                    .id(Long.toString(item.id()))
                    .event(EventViews.name(event))
                    .build();

            assertThat(text(frames.event(item))).as(EventViews.name(event)).isEqualTo(spring(sse));
        }
    }

    @Test
    void anEventIsWrittenOnceAndItsFrameSharedUntilItsSlotIsTakenByANewerOne() {
        SseFrames frames = new SseFrames();
        MonitorEvent event = new MonitorEvent.Lifecycle("api", MonitorEvent.Lifecycle.Action.ADDED, "api", AT);
        StreamItem.Event first = new StreamItem.Event(7, event);

        byte[] written = frames.event(first);

        assertThat(frames.event(new StreamItem.Event(7, event))).isSameAs(written);
        // 1,024 events later, the same slot holds another event: the old one is written again, and right
        frames.event(new StreamItem.Event(7 + 1024, event));
        byte[] again = frames.event(first);
        assertThat(again).isNotSameAs(written).isEqualTo(written);
        assertThat(text(frames.event(new StreamItem.Event(7 + 1024, event)))).startsWith("id:1031\n");
    }

    @Test
    void aStreamsOwnWriterRunsOncePerEventHoweverManyClientsSendItAndMayLeaveEventsOut() {
        AtomicInteger written = new AtomicInteger();
        SseFrames frames = new SseFrames(item -> {
            written.incrementAndGet();
            return item.event() instanceof MonitorEvent.Lifecycle
                    ? SseFrames.NONE
                    : SseFrames.frame(item.id(), "status", Map.of("name", item.event().name()));
        });
        StreamItem.Event change = new StreamItem.Event(41, new MonitorEvent.StatusChanged("api", HealthStatus.HEALTHY,
                HealthStatus.STARTING, "", Duration.ZERO, AT, AT, 0));
        StreamItem.Event added = new StreamItem.Event(42,
                new MonitorEvent.Lifecycle("api", MonitorEvent.Lifecycle.Action.ADDED, "api", AT));

        for (int client = 0; client < 1_000; client++) {
            assertThat(text(frames.event(change))).isEqualTo("id:41\nevent:status\ndata:{\"name\":\"api\"}\n\n");
            assertThat(frames.event(added)).isEmpty();
        }
        assertThat(written).hasValue(2);
    }

    @Test
    void theHeartbeatIsTheCommentSpringWrote() {
        assertThat(text(SseFrames.HEARTBEAT)).isEqualTo(spring(ServerSentEvent.builder().comment("heartbeat").build()));
    }

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }

    private static String spring(ServerSentEvent<?> event) {
        MockServerHttpResponse response = new MockServerHttpResponse();
        new ServerSentEventHttpMessageWriter(new JacksonJsonEncoder())
                .write(Flux.just(event), ResolvableType.forClass(ServerSentEvent.class), MediaType.TEXT_EVENT_STREAM,
                        response, Map.of())
                .block();
        return response.getBodyAsString().block();
    }
}
