package dev.healthmon.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Target;
import dev.healthmon.core.probe.Probes;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorTask;
import dev.healthmon.core.schedule.Monitors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/**
 * A monitor whose target sits behind an agent, with the real probe factory on both sides: the monitor's
 * factory routes to the agent, and the agent checks the target with its own factory.
 */
class AgentEndToEndTest {

    private final AtomicInteger answer = new AtomicInteger(200);
    private final DisposableServer target = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.get("/health", (req, res) -> res.status(answer.get()).send()))
            .bindNow();
    private final Probes probes = Probes.create();
    private final DisposableServer agent = AgentServer.create(AgentServerConfig.of("127.0.0.1", 0),
            (t, config) -> probes.probeFor("agent", t, config)).bindNow();
    private final MonitorTask routes = MonitorTask.root("routes");

    @AfterEach
    void stop() {
        routes.finish("test over");
        agent.disposeNow();
        target.disposeNow();
    }

    @Test
    void theAgentChecksTheTargetAndTheMonitorFollowsIt() {
        HealthCheckConfig config = HealthCheckConfig.builder().interval(Duration.ofMillis(200))
                .timeout(Duration.ofSeconds(2)).path("/health").retries(1).jitter(Duration.ZERO).build();
        Target remote = new Target(URI.create("http://127.0.0.1:" + target.port()), null,
                URI.create("http://127.0.0.1:" + agent.port()));
        HealthMonitor monitor = Monitors.newMonitor("remote", config, remote);

        StepVerifier.create(monitor.events().ofType(MonitorEvent.StatusChanged.class))
                .then(() -> monitor.start(routes))
                .assertNext(e -> assertThat(e.status()).isEqualTo(HealthStatus.STARTING))
                .assertNext(e -> {
                    assertThat(e.status()).isEqualTo(HealthStatus.HEALTHY);
                    assertThat(e.detail()).isEqualTo("HTTP 200 OK");
                })
                .then(() -> answer.set(503))
                .assertNext(e -> {
                    assertThat(e.status()).isEqualTo(HealthStatus.UNHEALTHY);
                    assertThat(e.detail()).isEqualTo("HTTP 503 Service Unavailable");
                })
                .then(() -> answer.set(200))
                .assertNext(e -> assertThat(e.status()).isEqualTo(HealthStatus.HEALTHY))
                .thenCancel()
                .verify(Duration.ofSeconds(20));
    }
}
