package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.healthmon.testing.ServiceUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/**
 * The fault suite's provider outage across a restart, as two real service processes one after the other on one
 * SQLite file: 5 monitors go down and up twice while their webhook answers 503, the service is stopped (SIGTERM)
 * and started again with the webhook still down, and once it returns each message arrives exactly once, each
 * monitor's in order. Its queue holds 5, so most of them wait in the store's outbox, not in memory. A loaded machine
 * may time a check out and add a flap of its own: the counts are taken from what the webhook saw, and a message lost
 * in the middle or at the end would break a monitor's down, up, down, up.
 */
class ProviderOutageAcrossRestartTest {

    private static final int MONITORS = 5;
    private static final int CYCLES = 2;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DOWN = "❌ Service went down ❌";
    private static final String UP = "✅ Service is up ✅";
    private static final Pattern MONITOR = Pattern.compile("\"Service Name\",\"value\":\"(m\\d+)\"");
    private static final Pattern STATUS = Pattern.compile("\"name\":\"(m\\d+)\",\"status\":\"(\\w+)\"");
    private static final Pattern TIME = Pattern.compile("\"Time\",\"value\":\"([^\"]+)\"");

    @TempDir
    Path dir;

    private final LocalTarget target = LocalTarget.start();
    private final Sinks.Many<String> attempts = Sinks.many().replay().all();
    private final Sinks.Many<String> accepted = Sinks.many().replay().all();
    private final List<String> taken = new CopyOnWriteArrayList<>();
    private final List<String> tried503 = new CopyOnWriteArrayList<>();
    private volatile boolean webhookUp;
    private DisposableServer webhook;

    @BeforeEach
    void startWebhook() {
        webhook = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.post("/hook", (request, response) -> request.receive()
                        .aggregate()
                        .asString()
                        .flatMap(body -> response.status(answer(body)).send().then())))
                .bindNow();
    }

    @AfterEach
    void stop() {
        webhook.disposeNow();
        target.close();
    }

    @Test
    void eachMessagePendingAcrossARestartArrivesOnceInOrderWhenTheProviderReturns() throws Exception {
        StringBuilder yaml = new StringBuilder("healthmon:\n  limits: { minInterval: 1ms }\n  monitors:\n");
        for (int i = 0; i < MONITORS; i++) {
            yaml.append("    - { name: ").append(name(i)).append(", url: \"tcp://127.0.0.1:").append(target.port())
                    .append("\", interval: 500ms, timeout: 3s, retries: 1, jitter: 0s }\n");
        }
        yaml.append("  notifications:\n    - { name: hook, provider: webhook, url: \"http://127.0.0.1:")
                .append(webhook.port()).append("/hook\", retries: 0, queue: 5, concurrency: 2, breakerWait: 1s,")
                .append(" timeout: 10s }\n");
        try (ServiceUnderTest service = ServiceUnderTest.start(dir, yaml.toString())) {
            awaitAll(service, "healthy");
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                target.down();
                awaitAll(service, "unhealthy");
                target.up();
                awaitAll(service, "healthy");
            }
            StepVerifier.create(attempts.asFlux())
                    .expectNextCount(1)
                    .thenCancel()
                    .verify(WAIT);

            service.down();
            int beforeRestart = tried503.size();
            service.up();
            // the second process tries too, and the webhook still refuses: only then does it come back
            StepVerifier.create(attempts.asFlux().skip(beforeRestart))
                    .expectNextCount(1)
                    .thenCancel()
                    .verify(WAIT);
            webhookUp = true;

            StepVerifier.create(accepted.asFlux())
                    .expectNextCount(MONITORS * CYCLES * 2L)
                    .thenCancel()
                    .verify(WAIT);
            // the second process checks its healthy monitors several times more: nothing more arrives
            assertThat(SseConnection.nextChecks(service.port(), name(0), 10, WAIT))
                    .allSatisfy(check -> assertThat(check).contains("\"outcome\":\"pass\""));
        }

        // a message is its body: every attempt of one message sends the same bytes, and two messages differ in
        // their time, detail or last seen
        Set<String> tried = new HashSet<>(tried503);
        Map<String, List<String>> arrived = new HashMap<>();
        Set<String> distinct = new HashSet<>();
        int duplicates = 0;
        for (String body : taken) {
            String monitor = find(MONITOR, body);
            String message = (body.contains(DOWN) ? "down " : "up ") + find(TIME, body);
            arrived.computeIfAbsent(monitor, key -> new ArrayList<>()).add(message);
            if (!distinct.add(body)) {
                duplicates++;
            }
        }
        Set<String> sent = new HashSet<>(tried);
        sent.addAll(distinct);
        Set<String> lost = new HashSet<>(sent);
        lost.removeAll(distinct);
        System.out.printf("provider outage across a restart (%d monitors, %d down-up cycles, 503 throughout): "
                + "sent=%d delivered=%d duplicates=%d lost=%d (attempted before it returned: %d)%n", MONITORS,
                CYCLES, sent.size(), distinct.size(), duplicates, lost.size(), tried.size());
        assertThat(duplicates).isZero();
        assertThat(lost).isEmpty();
        assertThat(arrived).hasSize(MONITORS).allSatisfy((monitor, messages) -> {
            List<String> kinds = messages.stream().map(m -> m.split(" ")[0]).toList();
            assertThat(kinds).as(monitor).hasSizeGreaterThanOrEqualTo(CYCLES * 2).hasSize(kinds.size() / 2 * 2);
            assertThat(kinds).as(monitor).isEqualTo(IntStream.range(0, kinds.size())
                    .mapToObj(n -> n % 2 == 0 ? "down" : "up").toList());
            // each the same monitor's later one: their times, as the messages write them, only grow
            assertThat(messages.stream().map(m -> m.substring(m.indexOf(' ') + 1)).toList()).as(monitor)
                    .isSorted();
        });
    }

    // one stream for all: the snapshot, then each change, until every monitor is in status
    private static void awaitAll(ServiceUnderTest service, String status) throws Exception {
        Map<String, String> now = new HashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (SseConnection stream = SseConnection.open(service.port(), "/api/v1/health/stream", Map.of())) {
            while (now.size() < MONITORS || !now.values().stream().allMatch(status::equals)) {
                SseConnection.Block event = stream.nextEvent(Duration.ofNanos(Math.max(1,
                        deadline - System.nanoTime())));
                if (event.data() != null) {
                    Matcher m = STATUS.matcher(event.data());
                    while (m.find()) {
                        now.put(m.group(1), m.group(2));
                    }
                }
            }
        }
    }

    private static String name(int i) {
        return "m%02d".formatted(i);
    }

    private int answer(String body) {
        synchronized (this) {
            if (!webhookUp) {
                tried503.add(body);
                attempts.tryEmitNext(body);
                return 503;
            }
            taken.add(body);
            accepted.tryEmitNext(body);
            return 200;
        }
    }

    private static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        assertThat(m.find()).as("%s in %s", pattern, body).isTrue();
        return m.group(1);
    }
}
