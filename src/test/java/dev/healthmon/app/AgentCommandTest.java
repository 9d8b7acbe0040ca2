package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.healthmon.agent.AgentServerConfig;
import dev.healthmon.core.model.InvalidConfigException;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;

/** The agent mode of the program: its options, and a real agent process answering a real check. */
class AgentCommandTest {

    private static final Pattern LISTENING = Pattern.compile("healthmon agent listening on [^:]+:(\\d+)");

    @Test
    void defaultsToLoopbackOnGodoxysPort() {
        AgentServerConfig config = AgentCommand.parse(List.of(), null);

        // beyond loopback it needs mutual TLS, a token or --insecure (DESIGN section 13)
        assertThat(config).isEqualTo(AgentServerConfig.of("127.0.0.1", 8890));
    }

    @Test
    void readsTheGuards() {
        AgentServerConfig config = AgentCommand.parse(List.of("--host=0.0.0.0", "--token=t0k", "--insecure",
                "--allow-file", "--max-checks=3"), null);

        assertThat(config).isEqualTo(AgentServerConfig.of("0.0.0.0", 8890).withToken("t0k").withInsecure(true)
                .withAllowFile(true).withMaxChecks(3));
        assertThat(AgentCommand.parse(List.of(), "from-env").token()).isEqualTo("from-env");
        assertThat(config.toString()).doesNotContain("t0k");
    }

    @Test
    void readsHostAndPort() {
        assertThat(AgentCommand.parse(List.of("--host=127.0.0.1", "--port=9000")))
                .isEqualTo(AgentServerConfig.of("127.0.0.1", 9000));
    }

    @Test
    void refusesWhatItDoesNotKnowNamingIt() {
        assertThatThrownBy(() -> AgentCommand.parse(List.of("--verbose=true")))
                .hasMessageContaining("unknown option '--verbose'");
        assertThatThrownBy(() -> AgentCommand.parse(List.of("8890"))).hasMessageContaining("unexpected argument '8890'");
        assertThatThrownBy(() -> AgentCommand.parse(List.of("--port=http")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("agent.port"));
        assertThatThrownBy(() -> AgentCommand.parse(List.of("--port=70000")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("agent.port"));
        assertThatThrownBy(() -> AgentCommand.parse(List.of("--tls-cert=/nonexistent.pem", "--tls-key=/nonexistent.key")))
                .hasMessage("tls.certificate: cannot read '/nonexistent.pem'");
    }

    @Test
    void theAgentModeServesChecksAndStopsOnSigterm() throws Exception {
        DisposableServer target = TcpServer.create().host("127.0.0.1").port(0).bindNow();
        Process agent = JvmProcess.start(null, "agent", "--host=127.0.0.1", "--port=0");
        try {
            CompletableFuture<Integer> port = JvmProcess.Output.of(agent, LISTENING).port();
            int agentPort = port.get(60, TimeUnit.SECONDS);

            StepVerifier.create(HttpClient.create()
                            .get()
                            .uri("http://127.0.0.1:" + agentPort + "/godoxy/agent/health?scheme=tcp&host=127.0.0.1:"
                                    + target.port() + "&timeout=2000")
                            .responseSingle((res, body) -> body.asString().map(text -> res.status().code() + " " + text)))
                    .assertNext(answer -> assertThat(answer).startsWith("200 ").contains("\"healthy\":true"))
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));

            // SIGTERM, as a service manager sends it
            assertThat(agent.toHandle().destroy()).isTrue();
            assertThat(agent.waitFor(10, TimeUnit.SECONDS)).as("the agent exits").isTrue();
        }
        finally {
            agent.destroyForcibly();
            target.disposeNow();
        }
    }

    @Test
    void aBadOptionExitsWithUsage() throws Exception {
        Process agent = JvmProcess.start(null, "agent", "--colour=blue");
        String output = new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isEqualTo(2);
        assertThat(output).contains("unknown option '--colour'").contains("usage: healthmon agent");
    }
}
