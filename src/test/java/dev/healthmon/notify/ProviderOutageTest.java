package dev.healthmon.notify;

import static dev.healthmon.notify.Fixtures.count;
import static dev.healthmon.notify.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.Notification;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The fault suite's provider outage, in virtual time: a provider is down for 10 minutes (answering 500, holding every
 * request, or refusing connections) while 200 monitors flap, and then returns. Every message arrives exactly once,
 * each monitor's in order; the counts are printed for the record.
 */
class ProviderOutageTest {

    private static final int MONITORS = 200;
    private static final Duration OUTAGE = Duration.ofMinutes(10);
    // each monitor goes down and up again every two minutes, each at its own second
    private static final int PERIOD = 120;
    private static final int DOWN_FOR = 60;
    // a starved machine delivers slowly: recovery has its bound, and the verification waits longer than it
    private static final Duration REAL_BOUND = Duration.ofSeconds(150);
    private static final Duration WAIT = REAL_BOUND.plusSeconds(60);
    private static final Pattern MONITOR = Pattern.compile("\"Service Name\",\"value\":\"(m\\d+)\"");
    private static final Pattern DETAIL = Pattern.compile("\"Detail\",\"value\":\"((?:down|up) \\d+)\"");

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void resetVirtualTime() {
        VirtualTimeScheduler.reset();
    }

    @ParameterizedTest(name = "provider {0} for 10 minutes")
    @EnumSource(value = SwitchableReceiver.Mode.class, names = { "ERROR", "BLACK_HOLE", "REFUSE" })
    void everyMessageArrivesOnceAndInOrderWhenTheProviderReturns(SwitchableReceiver.Mode outage) {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        Sinks.Many<MonitorEvent> events = Sinks.many().unicast().onBackpressureBuffer();
        Map<String, List<String>> sent = new HashMap<>();
        try (SwitchableReceiver provider = SwitchableReceiver.start()) {
            // the timeout is far above a real round trip on a starved machine: recovery moves virtual time on while
            // real requests are in flight, and a 5 s timeout once fired on a request the provider had taken but was
            // slow to answer, so it was sent again (a duplicate made by the test's clock, not by the channel)
            Notifier notifier = Notifier.builder(List.of(ProviderConfig.of("hook", settings("webhook", provider.url(),
                            "timeout", "60s", "retries", 2, "backoff", "1s", "breakerWait", "30s"))),
                    monitor -> Set.of(), meters).scheduler(time).zone(Fixtures.UTC).build();

            StepVerifier.withVirtualTime(() -> notifier.run(events.asFlux()), () -> time, Long.MAX_VALUE)
                    .expectSubscription()
                    .then(() -> provider.switchTo(outage))
                    .then(() -> {
                        // ten minutes, a second at a time: each monitor's downs and ups of that second, then the time
                        Map<String, Instant> downs = new HashMap<>();
                        for (int second = 0; second < OUTAGE.toSeconds(); second++) {
                            for (int i = 0; i < MONITORS; i++) {
                                int phase = Math.floorMod(second - i % PERIOD, PERIOD);
                                int cycle = Math.floorDiv(second - i % PERIOD, PERIOD);
                                if (cycle < 0 || phase != 0 && phase != DOWN_FOR) {
                                    continue;
                                }
                                String name = "m%03d".formatted(i);
                                Instant now = Instant.ofEpochMilli(time.now(TimeUnit.MILLISECONDS));
                                Notification notification;
                                if (phase == 0) {
                                    downs.put(name, now);
                                    notification = new Notification(name, Notification.Kind.DOWN, "http://svc",
                                            "down " + cycle, now, now, Duration.ZERO);
                                }
                                else {
                                    notification = new Notification(name, Notification.Kind.UP, "http://svc",
                                            "up " + cycle, now, now, Duration.ofMillis(3), downs.get(name));
                                }
                                sent.computeIfAbsent(name, key -> new ArrayList<>()).add(notification.detail());
                                assertThat(events.tryEmitNext(notification).isSuccess()).isTrue();
                            }
                            time.advanceTimeBy(Duration.ofSeconds(1));
                        }
                    })
                    .then(() -> assertThat(provider.acceptedCount()).isZero())
                    // what was sent during the outage is answered as in the outage: the virtual clock ran ahead of
                    // the real requests, and one that timed out meanwhile and was taken after the switch arrived twice
                    .then(() -> provider.awaitQuiet(Duration.ofMillis(500), Duration.ofSeconds(30)))
                    .then(() -> provider.switchTo(SwitchableReceiver.Mode.ACCEPT))
                    .then(() -> recover(time, provider, sent.values().stream().mapToInt(List::size).sum()))
                    .then(events::tryEmitComplete)
                    .expectComplete()
                    .verify(WAIT);

            int total = sent.values().stream().mapToInt(List::size).sum();
            List<String> bodies = provider.accepted().take(provider.acceptedCount()).collectList().block(WAIT);
            Map<String, List<String>> arrived = new HashMap<>();
            Set<String> distinct = new HashSet<>();
            int duplicates = 0;
            for (String body : bodies) {
                String monitor = find(MONITOR, body);
                String detail = find(DETAIL, body);
                arrived.computeIfAbsent(monitor, key -> new ArrayList<>()).add(detail);
                if (!distinct.add(monitor + " " + detail)) {
                    duplicates++;
                }
            }
            int lost = total - distinct.size();
            System.out.printf("provider outage (%s, 10 min virtual, %d monitors flapping): sent=%d delivered=%d "
                    + "duplicates=%d lost=%d turned away=%d rejected=%.0f deferred=%.0f parked=%.0f dropped=%.0f%n",
                    outage, MONITORS, total, distinct.size(), duplicates, lost, provider.turnedAway(),
                    count(meters, "hook", "rejected"), count(meters, "hook", "deferred"),
                    count(meters, "hook", "parked"), count(meters, "hook", "dropped"));

            // at least four downs and four ups of each monitor in the ten minutes
            assertThat(total).isGreaterThanOrEqualTo(MONITORS * 8);
            assertThat(duplicates).isZero();
            assertThat(lost).isZero();
            // each monitor's messages arrived in the order they were sent
            assertThat(arrived).isEqualTo(sent);
            assertThat(count(meters, "hook", "delivered")).isEqualTo(total);
            assertThat(count(meters, "hook", "dropped")).isZero();
            assertThat(count(meters, "hook", "failed")).isZero();
        }
    }

    // real deliveries need real time and waits need virtual time: wait a little for the next arrival, and move the
    // clock on a second only when none came
    private void recover(VirtualTimeScheduler time, SwitchableReceiver provider, int expected) {
        long started = System.nanoTime();
        long virtualStart = time.now(TimeUnit.SECONDS);
        long deadline = started + REAL_BOUND.toNanos();
        while (provider.acceptedCount() < expected && System.nanoTime() < deadline) {
            int before = provider.acceptedCount();
            try {
                provider.accepted().skip(before).next().block(Duration.ofMillis(200));
            }
            catch (IllegalStateException ignored) {
                // nothing arrived within the wait: what is left waits on virtual time
                time.advanceTimeBy(Duration.ofSeconds(1));
            }
        }
        String progress = "recovery: %d of %d accepted in %d ms real, %d s virtual; rejected=%.0f deferred=%.0f "
                .formatted(provider.acceptedCount(), expected, (System.nanoTime() - started) / 1_000_000,
                        time.now(TimeUnit.SECONDS) - virtualStart, count(meters, "hook", "rejected"),
                        count(meters, "hook", "deferred"))
                + "parked=%.0f delivered=%.0f failed=%.0f".formatted(count(meters, "hook", "parked"),
                        count(meters, "hook", "delivered"), count(meters, "hook", "failed"));
        System.out.println(progress);
        assertThat(provider.acceptedCount()).as(progress).isGreaterThanOrEqualTo(expected);
    }

    private static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        assertThat(m.find()).as("%s in %s", pattern, body).isTrue();
        return m.group(1);
    }
}
