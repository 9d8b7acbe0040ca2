package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.UTC;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import dev.healthmon.core.model.MonitorEvent.Notification;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void downHasTheSeedsTitleFieldsAndRed() {
        Message message = Message.of(down(), UTC);

        assertThat(message.title()).isEqualTo("❌ Service went down ❌");
        assertThat(message.fields()).extracting(Message.Field::name, Message.Field::value).containsExactly(
                tuple("Service Name", "api"),
                tuple("Time", "2026-11-24 09:30:00 UTC"),
                tuple("Service URL", "http://localhost:8080"),
                tuple("Detail", "HTTP 503 Service Unavailable"),
                tuple("Last Seen", "2026-11-24 09:29:15 UTC"));
        assertThat(message.color()).isEqualTo(0xff0000);
        assertThat(message.hexColor()).isEqualTo("#ff0000");
    }

    @Test
    void upHasPingInMillisecondsInsteadOfLastSeen() {
        Message message = Message.of(up(), UTC);

        assertThat(message.title()).isEqualTo("✅ Service is up ✅");
        assertThat(message.fields()).extracting(Message.Field::name, Message.Field::value).containsExactly(
                tuple("Service Name", "api"),
                tuple("Time", "2026-11-24 09:42:07 UTC"),
                tuple("Service URL", "http://localhost:8080"),
                tuple("Ping", "12 ms"));
        assertThat(message.hexColor()).isEqualTo("#00ff00");
    }

    @Test
    void targetNeverSeenIsNever() {
        Notification neverSeen = new Notification("db", Notification.Kind.DOWN, "tcp://localhost:5432",
                "connection refused", Fixtures.DOWN_AT, null, Duration.ZERO);

        assertThat(Message.of(neverSeen, UTC).fields()).last()
                .isEqualTo(new Message.Field("Last Seen", "never"));
    }

    @Test
    void timeIsTheEventsOwnTimeInTheConfiguredZone() {
        Notification late = new Notification("api", Notification.Kind.UP, "http://localhost:8080", "",
                Instant.parse("2026-07-01T22:05:09Z"), null, Duration.ofMillis(1500));

        Message message = Message.of(late, ZoneId.of("Europe/Paris"));

        assertThat(message.fields().get(1)).isEqualTo(new Message.Field("Time", "2026-07-02 00:05:09 CEST"));
        assertThat(message.fields().get(3)).isEqualTo(new Message.Field("Ping", "1500 ms"));
    }

    @Test
    void markdownAndPlainFormatsWriteEveryField() {
        Message message = Message.of(down(), UTC);

        assertThat(message.text(TextFormat.MARKDOWN)).isEqualTo(Expected.DOWN_MARKDOWN);
        assertThat(message.text(TextFormat.PLAIN)).isEqualTo(Expected.DOWN_PLAIN);
        assertThat(Message.of(up(), UTC).text(TextFormat.MARKDOWN)).isEqualTo(Expected.UP_MARKDOWN);
    }
}
