package dev.healthmon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.probe.agent.AgentCheckException;
import dev.healthmon.core.probe.agent.AgentClient;
import dev.healthmon.core.probe.agent.AgentProbe;
import dev.healthmon.core.probe.agent.AgentTls;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.test.StepVerifier;

/**
 * The agent behind TLS, with and without client certificates (mutual TLS), with certificates generated here:
 * each side's self-signed certificate is the authority the other side trusts.
 */
class AgentServerTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().timeout(Duration.ofSeconds(3)).build();

    private static SelfSignedCertificate server;
    private static SelfSignedCertificate client;
    private static SelfSignedCertificate stranger;

    private DisposableServer agent;

    @BeforeAll
    static void certificates() throws Exception {
        // the agent is reached as "localhost", the name its certificate is for: host names are verified
        server = SelfSignedCertificate.builder().fqdn("localhost").build();
        client = SelfSignedCertificate.builder().fqdn("healthmon").build();
        stranger = SelfSignedCertificate.builder().fqdn("stranger").build();
    }

    @AfterAll
    static void deleteCertificates() {
        server.delete();
        client.delete();
        stranger.delete();
    }

    @AfterEach
    void stopAgent() {
        if (agent != null) {
            agent.disposeNow();
        }
    }

    @Test
    void acceptsAClientWhoseCertificateItsAuthoritySigned() {
        startAgent(tls(server, client.certificate().toPath()));
        AgentClient trusted = AgentClient.create(tls(client, server.certificate().toPath()));

        StepVerifier.create(probe(trusted).check(URI.create("tcp://127.0.0.1:" + agent.port())))
                .assertNext(r -> {
                    assertThat(r.healthy()).isTrue();
                    assertThat(r.detail()).isEqualTo("checked over TLS");
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void refusesAClientWithoutACertificate() {
        startAgent(tls(server, client.certificate().toPath()));
        AgentClient anonymous = AgentClient.create(new AgentTls(null, null, server.certificate().toPath()));

        StepVerifier.create(probe(anonymous).check(URI.create("tcp://127.0.0.1:1")))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(AgentCheckException.class)
                        .hasMessageStartingWith("agent https://localhost:" + agent.port() + " unreachable"))
                .verify(WAIT);
    }

    @Test
    void refusesAClientWhoseCertificateItDoesNotTrust() {
        startAgent(tls(server, client.certificate().toPath()));
        AgentClient untrusted = AgentClient.create(tls(stranger, server.certificate().toPath()));

        StepVerifier.create(probe(untrusted).check(URI.create("tcp://127.0.0.1:1")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(AgentCheckException.class))
                .verify(WAIT);
    }

    @Test
    void theClientRefusesAnAgentItDoesNotTrust() {
        startAgent(tls(server, client.certificate().toPath()));
        // the agent's self-signed certificate is in no system trust store
        AgentClient systemTrust = AgentClient.create(new AgentTls(client.certificate().toPath(),
                client.privateKey().toPath(), null));

        StepVerifier.create(probe(systemTrust).check(URI.create("tcp://127.0.0.1:1")))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(AgentCheckException.class)
                        .hasMessageContaining("unreachable"))
                .verify(WAIT);
    }

    @Test
    void theClientVerifiesTheAgentsHostName() {
        startAgent(tls(server, client.certificate().toPath()));
        AgentClient trusted = AgentClient.create(tls(client, server.certificate().toPath()));
        // the certificate is for "localhost", not for the address
        AgentProbe byAddress = AgentProbe.create(URI.create("https://127.0.0.1:" + agent.port()), CONFIG, trusted);

        StepVerifier.create(byAddress.check(URI.create("tcp://127.0.0.1:" + agent.port())))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(AgentCheckException.class)
                        .hasMessageContaining("127.0.0.1"))
                .verify(WAIT);
    }

    @Test
    void withoutAClientAuthorityTheAgentServesPlainTls() {
        startAgent(new AgentTls(server.certificate().toPath(), server.privateKey().toPath(), null));
        AgentClient anonymous = AgentClient.create(new AgentTls(null, null, server.certificate().toPath()));

        StepVerifier.create(probe(anonymous).check(URI.create("tcp://127.0.0.1:" + agent.port())))
                .assertNext(r -> assertThat(r.healthy()).isTrue())
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void aPlainClientGetsNoAnswerFromATlsAgent() {
        startAgent(tls(server, client.certificate().toPath()));
        AgentProbe plain = AgentProbe.create(URI.create("http://127.0.0.1:" + agent.port()), CONFIG,
                AgentClient.create());

        StepVerifier.create(plain.check(URI.create("tcp://127.0.0.1:1")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(AgentCheckException.class))
                .verify(WAIT);
    }

    @Test
    void badTlsFilesStopStartUpNamingTheField(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("server.pem"), "-----BEGIN CERTIFICATE-----\nnope\n");
        AgentServerConfig broken = AgentServerConfig.of("127.0.0.1", 0)
                .withTls(new AgentTls(garbage, server.privateKey().toPath(), null));
        assertThatThrownBy(() -> AgentServer.create(broken, (target, config) -> url -> Mono.never()))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("agent.tls"));

        AgentServerConfig missing = AgentServerConfig.of("127.0.0.1", 0)
                .withTls(new AgentTls(server.certificate().toPath(), dir.resolve("server.key"), null));
        assertThatThrownBy(() -> AgentServer.create(missing, (target, config) -> url -> Mono.never()))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("tls.key"));

        assertThatThrownBy(() -> AgentServerConfig.of("127.0.0.1", 0)
                        .withTls(new AgentTls(null, null, client.certificate().toPath())))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("agent.tls.certificate"));
    }

    private void startAgent(AgentTls tls) {
        ProbeResolver tcp = (target, config) -> url -> TcpClient.create()
                .host(url.getHost())
                .port(url.getPort())
                .connect()
                .map(connection -> {
                    connection.dispose();
                    return HealthCheckResult.healthy(Duration.ofMillis(1), "checked over TLS");
                });
        agent = AgentServer.create(AgentServerConfig.of("127.0.0.1", 0).withTls(tls), tcp).bindNow(WAIT);
    }

    private AgentProbe probe(AgentClient agentClient) {
        return AgentProbe.create(URI.create("https://localhost:" + agent.port()), CONFIG, agentClient);
    }

    private static AgentTls tls(SelfSignedCertificate own, Path trusted) {
        return new AgentTls(own.certificate().toPath(), own.privateKey().toPath(), trusted);
    }
}
