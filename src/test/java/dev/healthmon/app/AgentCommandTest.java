package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
    void defaultsToAllInterfacesOnGodoxysPort() {
        AgentServerConfig config = AgentCommand.parse(List.of());

        assertThat(config).isEqualTo(AgentServerConfig.of("0.0.0.0", 8890));
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
        Process agent = start("agent", "--host=127.0.0.1", "--port=0");
        try {
            CompletableFuture<Integer> port = listeningPort(agent);
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
        Process agent = start("agent", "--colour=blue");
        String output = new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isEqualTo(2);
        assertThat(output).contains("unknown option '--colour'").contains("usage: healthmon agent");
    }

    private static Process start(String... args) throws IOException {
        // the production class path: the tests' classes and resources stay out
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                HealthmonApplication.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static CompletableFuture<Integer> listeningPort(Process process) {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            StringBuilder text = new StringBuilder();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    text.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.valueOf(m.group(1)));
                    }
                }
            }
            catch (IOException ignored) {
                // the process went away: what was read is all there is
            }
            port.completeExceptionally(new AssertionError("the agent never listened:\n" + text));
        }, "agent-output");
        reader.setDaemon(true);
        reader.start();
        return port;
    }
}
