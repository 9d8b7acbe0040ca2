package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A webhook that is down (503) across a restart of the service, as two real service processes on one SQLite file:
 * the down it could not take and the up behind it are kept in the outbox, and once it is back it receives each
 * exactly once, in order.
 */
class OutboxAcrossRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DOWN = "❌ Service went down ❌";
    private static final String UP = "✅ Service is up ✅";

    @TempDir
    Path dir;

    private final LocalTarget target = LocalTarget.start();
    private final Sinks.Many<String> attempts = Sinks.many().replay().all();
    private final Sinks.Many<String> accepted = Sinks.many().replay().all();
    private final List<String> taken = new CopyOnWriteArrayList<>();
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
    void aWebhookDownAcrossARestartReceivesEachPendingMessageOnceWhenItReturns() throws Exception {
        String yaml = """
                healthmon:
                  limits: { minInterval: 1ms }
                  monitors:
                    - { name: svc, url: "tcp://127.0.0.1:%d", interval: 200ms, timeout: 1s, retries: 1, jitter: 0s }
                  notifications:
                    - { name: hook, provider: webhook, url: "http://127.0.0.1:%d/hook", retries: 0 }
                """.formatted(target.port(), webhook.port());
        try (ServiceUnderTest service = ServiceUnderTest.start(dir, yaml)) {
            SseConnection.awaitStatus(service.port(), "svc", "healthy", WAIT);
            target.down();
            StepVerifier.create(attempts.asFlux())
                    .expectNext(DOWN)
                    .thenCancel()
                    .verify(WAIT);
            target.up();
            // the up waits in the outbox behind its down, which waits for the webhook: a monitor's messages keep
            // their order
            SseConnection.awaitStatus(service.port(), "svc", "healthy", WAIT);

            service.down();
            webhookUp = true;
            service.up();

            StepVerifier.create(accepted.asFlux())
                    .expectNextCount(2)
                    .thenCancel()
                    .verify(WAIT);
            // the second process checks the healthy target several times: nothing more arrives
            assertThat(SseConnection.nextChecks(service.port(), "svc", 5, WAIT))
                    .allSatisfy(check -> assertThat(check).contains("\"outcome\":\"pass\""));
        }
        assertThat(taken).containsExactly(DOWN, UP);
    }

    private int answer(String body) {
        String title = body.contains(DOWN) ? DOWN : body.contains(UP) ? UP : body;
        synchronized (this) {
            if (!webhookUp) {
                attempts.tryEmitNext(title);
                return 503;
            }
            taken.add(title);
            accepted.tryEmitNext(title);
            return 200;
        }
    }

}
