package dev.healthmon.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Outcome;
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
 * A real agent stopped for longer than {@code maxErrors} checks, then started again on its port: the monitor
 * behind it stays {@code error} and keeps checking (it does not stop itself), and turns healthy once the agent
 * is back.
 */
class AgentBackoffEndToEndTest {

    private final DisposableServer target = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.get("/health", (req, res) -> res.status(200).send()))
            .bindNow();
    private final Probes probes = Probes.create();
    private DisposableServer agent = startAgent(0);
    private final MonitorTask routes = MonitorTask.root("routes");

    @AfterEach
    void stop() {
        routes.finish("test over");
        agent.disposeNow();
        target.disposeNow();
    }

    @Test
    void aMonitorKeepsCheckingWhileItsAgentIsDownAndRecoversWhenItReturns() {
        // 2 errors in a row reach maxErrors; after that the monitor waits 2, 4, 8 intervals between checks
        HealthCheckConfig config = HealthCheckConfig.builder().interval(Duration.ofMillis(200))
                .timeout(Duration.ofSeconds(5)).path("/health").retries(1).maxErrors(2).jitter(Duration.ZERO).build();
        int agentPort = agent.port();
        Target remote = new Target(URI.create("http://127.0.0.1:" + target.port()), null,
                URI.create("http://127.0.0.1:" + agentPort));
        HealthMonitor monitor = Monitors.newMonitor("remote", config, remote);

        StepVerifier.create(monitor.events().ofType(MonitorEvent.Checked.class))
                .then(() -> monitor.start(routes))
                // the first checks of a JVM can be slow on a busy machine: what counts is that the monitor is healthy
                .thenConsumeWhile(c -> c.outcome() != Outcome.Kind.PASS)
                .assertNext(c -> assertThat(c.outcome()).isEqualTo(Outcome.Kind.PASS))
                .then(agent::disposeNow)
                // maxErrors errors, and two more checks after them: a monitor that stopped itself checks no more
                .assertNext(c -> assertThat(c.outcome()).isEqualTo(Outcome.Kind.ERROR))
                .assertNext(c -> assertThat(c.outcome()).isEqualTo(Outcome.Kind.ERROR))
                .assertNext(c -> assertThat(c.outcome()).isEqualTo(Outcome.Kind.ERROR))
                .assertNext(c -> {
                    assertThat(c.outcome()).isEqualTo(Outcome.Kind.ERROR);
                    assertThat(c.status()).isEqualTo(HealthStatus.ERROR);
                    assertThat(c.detail()).contains("unreachable");
                })
                .then(() -> agent = startAgent(agentPort))
                // a check may have been under way while the agent came back
                .thenConsumeWhile(c -> c.outcome() == Outcome.Kind.ERROR)
                .assertNext(c -> {
                    assertThat(c.outcome()).isEqualTo(Outcome.Kind.PASS);
                    assertThat(c.status()).isEqualTo(HealthStatus.HEALTHY);
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
        assertThat(monitor.status()).isEqualTo(HealthStatus.HEALTHY);
    }

    private DisposableServer startAgent(int port) {
        return AgentServer.create(AgentServerConfig.of("127.0.0.1", port),
                (t, config) -> probes.probeFor("agent", t, config)).bindNow();
    }
}
