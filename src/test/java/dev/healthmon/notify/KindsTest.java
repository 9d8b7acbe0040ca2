package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.UTC;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.Notification;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The kinds beyond down and up: how they read, and how a provider opts out of them with {@code kinds}. */
class KindsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant AT = Instant.parse("2026-11-24T09:30:00Z");

    @Test
    void aProviderTakesEveryKindUnlessItsKindsSayOtherwise() {
        try (Receiver all = Receiver.answering(200); Receiver pager = Receiver.answering(200)) {
            Notifier notifier = Notifier.builder(List.of(
                            ProviderConfig.of("all", settings("webhook", all.url())),
                            ProviderConfig.of("pager", settings("webhook", pager.url(), "kinds", List.of("down", "up")))),
                    monitor -> Set.of(), new SimpleMeterRegistry()).zone(UTC).build();

            notifier.run(Flux.<MonitorEvent>just(degraded(), down())).block(WAIT);

            assertThat(all.await(2)).extracting(Receiver.Request::body)
                    .anySatisfy(body -> assertThat(body).contains("Service is slow").contains("900 ms"))
                    .anySatisfy(body -> assertThat(body).contains("Service went down"));
            assertThat(pager.await(1)).singleElement()
                    .satisfies(request -> assertThat(request.body()).contains("Service went down"));
            assertThat(pager.count()).isEqualTo(1);
        }
    }

    @Test
    void eachKindHasItsTitleAndColour() {
        Message degraded = Message.of(degraded(), UTC);
        Message certificate = Message.of(new Notification("api", Notification.Kind.CERTIFICATE, "https://127.0.0.1",
                "certificate expires in 20 days", AT, null, Duration.ZERO), UTC);

        assertThat(degraded.title()).isEqualTo("🐢 Service is slow 🐢");
        assertThat(degraded.color()).isEqualTo(Message.AMBER);
        assertThat(degraded.fields()).extracting(Message.Field::name).endsWith("Ping");
        assertThat(certificate.title()).isEqualTo("🔒 Certificate expires soon 🔒");
        assertThat(certificate.fields()).extracting(Message.Field::value).contains("certificate expires in 20 days");
    }

    @Test
    void anUnknownKindIsAConfigErrorNamingTheProvider() {
        assertThatThrownBy(() -> ProviderConfig.of("pager",
                settings("webhook", "http://127.0.0.1:1", "kinds", List.of("down", "sideways"))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("notifications.pager.kinds");
                    assertThat(e.problem()).contains("unknown kind 'sideways'");
                });
    }

    private static Notification degraded() {
        return new Notification("api", Notification.Kind.DEGRADED, "http://localhost:8080", "HTTP 200", AT, AT,
                Duration.ofMillis(900));
    }
}
