package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.UTC;
import static dev.healthmon.notify.Fixtures.down;
import static dev.healthmon.notify.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.healthmon.core.model.MonitorEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A provider's groupWait: a storm of downs within the wait is one message at a real receiver. */
class GroupingTest {

    @Test
    void threeHundredDownsWithinTheWaitAreOneMessageThatListsThemAll() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Sinks.Many<MonitorEvent> events = Sinks.many().multicast().onBackpressureBuffer(1024);
        try (Receiver receiver = Receiver.answering(200)) {
            Notifier notifier = Notifier.builder(List.of(ProviderConfig.of("hook",
                            settings("webhook", receiver.url(), "groupWait", "30s", "queue", 1000,
                                    // the virtual minute this test moves on must not time out a real answer
                                    "timeout", "1h"))),
                    monitor -> Set.of(), new SimpleMeterRegistry()).scheduler(vts).zone(UTC).build();
            Disposable delivery = notifier.subscribe(events.asFlux());

            for (int i = 0; i < 300; i++) {
                events.tryEmitNext(down("svc-" + i));
                vts.advanceTimeBy(Duration.ofMillis(50));
            }
            int beforeTheWait = receiver.count();
            vts.advanceTimeBy(Duration.ofSeconds(30));
            Receiver.Request message = receiver.first();
            events.tryEmitNext(down("late"));
            vts.advanceTimeBy(Duration.ofSeconds(30));
            List<Receiver.Request> both = receiver.await(2);
            delivery.dispose();

            assertThat(beforeTheWait).isZero();
            assertThat(message.body()).contains("300 services went down").contains("svc-0").contains("svc-299")
                    .contains("HTTP 503 Service Unavailable");
            assertThat(both.get(1).body()).contains("Service went down").contains("late")
                    .doesNotContain("svc-1");
            assertThat(receiver.count()).isEqualTo(2);
        }
    }

    @Test
    void aGroupOfOneIsTheUsualMessage() {
        Message one = Message.group(List.of(down("api")), UTC);
        Message mixed = Message.group(List.of(down("api"), down("db"), Fixtures.up("web")), UTC);

        assertThat(one.title()).isEqualTo("❌ 1 service went down");
        assertThat(mixed.title()).isEqualTo("❌ 2 services went down, ✅ 1 service is up");
        assertThat(mixed.fields()).extracting(Message.Field::name).containsExactly("api", "db", "web");
        assertThat(mixed.color()).isEqualTo(Message.RED);
    }
}
