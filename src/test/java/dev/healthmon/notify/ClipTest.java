package dev.healthmon.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.healthmon.core.model.MonitorEvent.Notification;
import org.junit.jupiter.api.Test;

class ClipTest {

    @Test
    void keepsShortTextAndCutsLongTextWithAnEllipsisWithinTheLimit() {
        assertThat(Clip.to(3, "abc")).isEqualTo("abc");
        assertThat(Clip.to(4, "abcdef")).isEqualTo("abc…").hasSize(4);
    }

    @Test
    void neverSplitsAnEmoji() {
        assertThat(Clip.to(3, "a🚨🚨")).isEqualTo("a…");
    }

    @Test
    void fitCutsTheLongValuesToOneCapAndKeepsTheShortOnes() {
        Message message = new Message("api", Notification.Kind.DOWN, "T", List.of(new Message.Field("a", "12345"),
                new Message.Field("b", "x".repeat(50)), new Message.Field("c", "y".repeat(40))), Message.RED);

        Message fitted = Clip.fit(message, 60);

        assertThat(fitted.fields()).extracting(Message.Field::value)
                .containsExactly("12345", "x".repeat(24) + "…", "y".repeat(24) + "…");
        assertThat(fitted.title().length() + fitted.fields().stream()
                .mapToInt(field -> field.name().length() + field.value().length()).sum()).isLessThanOrEqualTo(60);
        assertThat(Clip.fit(message, 1_000)).isEqualTo(message);
    }
}
