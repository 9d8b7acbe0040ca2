package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
 * A restart of the service in the middle of an outage, as two real service processes, one after the other, on one
 * SQLite file, against a real target and a real webhook receiver: exactly one down, then exactly one up.
 */
class RestartMidOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DOWN = "❌ Service went down ❌";
    private static final String UP = "✅ Service is up ✅";

    @TempDir
    Path dir;

    private final LocalTarget target = LocalTarget.start();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Sinks.Many<String> deliveries = Sinks.many().replay().all();
    private DisposableServer receiver;

    @BeforeEach
    void startReceiver() {
        receiver = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.post("/hook", (request, response) -> request.receive()
                        .aggregate()
                        .asString()
                        .doOnNext(this::record)
                        .then(response.status(200).send())))
                .bindNow();
    }

    @AfterEach
    void stop() {
        receiver.disposeNow();
        target.close();
    }

    @Test
    void aRestartInTheMiddleOfAnOutageSendsOneDownAndThenOneUp() throws Exception {
        String yaml = """
                healthmon:
                  limits: { minInterval: 1ms }
                  monitors:
                    - { name: svc, url: "tcp://127.0.0.1:%d", interval: 200ms, timeout: 1s, retries: 1, jitter: 0s }
                  notifications:
                    - { name: hook, provider: webhook, url: "http://127.0.0.1:%d/hook" }
                """.formatted(target.port(), receiver.port());
        try (ServiceUnderTest service = ServiceUnderTest.start(dir, yaml)) {
            SseConnection.awaitStatus(service.port(), "svc", "healthy", WAIT);
            target.down();
            StepVerifier.create(deliveries.asFlux())
                    .expectNext(DOWN)
                    .thenCancel()
                    .verify(WAIT);

            service.down();
            assertThat(Files.exists(dir.resolve("data/healthmon.db"))).isTrue();
            service.up();

            // the second process checks the target, still down, several times: no second down
            assertThat(SseConnection.nextChecks(service.port(), "svc", 5, WAIT))
                    .allSatisfy(check -> assertThat(check).contains("\"outcome\":\"fail\""));
            assertThat(received).containsExactly(DOWN);

            target.up();
            StepVerifier.create(deliveries.asFlux())
                    .expectNext(DOWN, UP)
                    .thenCancel()
                    .verify(WAIT);
            assertThat(SseConnection.nextChecks(service.port(), "svc", 5, WAIT))
                    .allSatisfy(check -> assertThat(check).contains("\"outcome\":\"pass\""));
        }
        assertThat(received).containsExactly(DOWN, UP);
    }


    private synchronized void record(String body) {
        String title = body.contains(DOWN) ? DOWN : body.contains(UP) ? UP : body;
        received.add(title);
        deliveries.tryEmitNext(title);
    }
}
