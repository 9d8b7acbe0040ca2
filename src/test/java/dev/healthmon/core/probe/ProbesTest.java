package dev.healthmon.core.probe;

import static dev.healthmon.core.probe.HttpProbeTest.assertResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.Target;
import dev.healthmon.core.probe.agent.AgentProbe;
import dev.healthmon.core.probe.docker.DockerProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

class ProbesTest {

    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().timeout(Duration.ofSeconds(3)).build();

    private final Probes probes = Probes.create();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "http://127.0.0.1:8080, HttpProbe",
            "HTTPS://example.invalid, HttpProbe",
            "h2c://127.0.0.1:9000, HttpProbe",
            "tcp://127.0.0.1:5432, StreamProbe",
            "tcp4://127.0.0.1:5432, StreamProbe",
            "tcp6://[::1]:5432, StreamProbe",
            "udp://127.0.0.1:53, StreamProbe",
            "udp4://127.0.0.1:53, StreamProbe",
            "udp6://[::1]:53, StreamProbe",
            "file:///srv/www, FileProbe" })
    void picksTheProbeByScheme(String url, String kind) {
        Probe probe = probes.probeFor("m", Target.of(URI.create(url)), CONFIG);

        assertThat(probe.getClass().getSimpleName()).isEqualTo(kind);
    }

    @Test
    void anAgentComesFirstThenDockerThenTheUrl() {
        URI url = URI.create("http://127.0.0.1:8080");
        URI agent = URI.create("https://agent.lan:8890");
        Target.DockerTarget docker = new Target.DockerTarget("web", URI.create("unix:///var/run/docker.sock"));

        assertThat(probes.probeFor("m", new Target(url, docker, agent), CONFIG)).isInstanceOf(AgentProbe.class);
        assertThat(probes.probeFor("m", new Target(url, null, agent), CONFIG)).isInstanceOf(AgentProbe.class);
        assertThat(probes.probeFor("m", new Target(url, docker, null), CONFIG)).isInstanceOf(DockerProbe.class);
    }

    @Test
    void aTargetBehindAnAgentOrDockerStillNeedsAValidUrl() {
        Target viaAgent = new Target(URI.create("ftp://127.0.0.1"), null, URI.create("https://agent.lan:8890"));
        Target inDocker = new Target(URI.create("http:///health"), new Target.DockerTarget("web", null), null);

        assertThatThrownBy(() -> probes.probeFor("remote", viaAgent, CONFIG))
                .hasMessageStartingWith("monitor 'remote': url: unsupported scheme 'ftp'");
        assertThatThrownBy(() -> probes.probeFor("web", inDocker, CONFIG))
                .hasMessageStartingWith("monitor 'web': url:");
    }

    @Test
    void aBadAgentUrlNamesTheMonitorAndTheField() {
        Target target = new Target(URI.create("http://127.0.0.1:8080"), null, URI.create("ws://agent.lan"));

        assertThatThrownBy(() -> probes.probeFor("remote", target, CONFIG))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.monitor()).isEqualTo("remote");
                    assertThat(e.field()).isEqualTo("agent");
                });
    }

    @Test
    void h2cUrlsSpeakHttp2AndHttpUrlsHttp1() {
        DisposableServer h2cOnly = HttpServer.create().host("127.0.0.1").port(0).protocol(HttpProtocol.H2C)
                .handle((req, res) -> res.status(200).send()).bindNow();
        try {
            URI h2c = URI.create("h2c://127.0.0.1:" + h2cOnly.port());
            URI http = URI.create("http://127.0.0.1:" + h2cOnly.port());
            assertResult(probes.probeFor("grpc", Target.of(h2c), CONFIG), h2c, true, "HTTP 200 OK");
            assertThat(probes.probeFor("web", Target.of(http), CONFIG).check(http).block(Duration.ofSeconds(10)))
                    .satisfies(r -> assertThat(r.healthy()).isFalse());
        }
        finally {
            h2cOnly.disposeNow();
        }
    }

    @Test
    void streamUrlsPickTcpOrUdpAtEachCheck() {
        Probe stream = probes.probeFor("db", Target.of(URI.create("tcp://127.0.0.1:1")), CONFIG);

        assertResult(stream, URI.create("tcp://127.0.0.1:" + Servers.closedPort()), false, "connection refused");
        assertResult(stream, URI.create("udp://127.0.0.1"), false, "no port specified");
        assertResult(stream, URI.create("tcp://127.0.0.1"), false, "no port specified");
    }

    @Test
    void fileUrlsCheckTheFileSystem() {
        URI missing = dir.resolve("missing").toUri();

        assertResult(probes.probeFor("site", Target.of(missing), CONFIG), missing, false,
                "no such file or directory " + dir.resolve("missing"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://127.0.0.1/x", "ws://127.0.0.1:8080", "localhost:8080", "mailto:ops@example.com" })
    void refusesAnUnsupportedSchemeNamingTheMonitorTheValueAndWhatIsAccepted(String url) {
        assertThatThrownBy(() -> probes.probeFor("api", Target.of(URI.create(url)), CONFIG))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.monitor()).isEqualTo("api");
                    assertThat(e.field()).isEqualTo("url");
                })
                .hasMessageStartingWith("monitor 'api': url: unsupported scheme")
                .hasMessageContaining("'" + url + "'")
                .hasMessageEndingWith("(expected: http, https, h2c, tcp, tcp4, tcp6, udp, udp4, udp6 or file)");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http:///health", "tcp://:5432", "h2c:/just/a/path", "udp:opaque" })
    void refusesAUrlWithoutAHost(String url) {
        assertThatThrownBy(() -> probes.probeFor("db", Target.of(URI.create(url)), CONFIG))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.monitor()).isEqualTo("db");
                    assertThat(e.field()).isEqualTo("url");
                })
                .hasMessageContaining("'" + url + "' has no host");
    }

    @Test
    void refusesAUrlWithoutAScheme() {
        assertThatThrownBy(() -> probes.probeFor("x", Target.of(URI.create("/srv/www")), CONFIG))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("monitor 'x': url: '/srv/www' has no scheme (expected: http, https, h2c, tcp, tcp4, "
                        + "tcp6, udp, udp4, udp6 or file)");
    }

    @Test
    void refusesAFileUrlWithAHost() {
        assertThatThrownBy(() -> probes.probeFor("site", Target.of(URI.create("file://server/share")), CONFIG))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("monitor 'site': url: 'file://server/share' is not a local file URL");
    }

    @Test
    void sharesOneClientPerDaemon() {
        URI host = URI.create("unix://" + dir.resolve("shared.sock"));
        assertThat(probes.docker(host)).isSameAs(probes.docker(host));
        assertThat(probes.docker(host)).isNotSameAs(probes.docker(URI.create("tcp://127.0.0.1:2375")));
        assertThat(Probes.create().docker(host)).as("no client is shared between factories")
                .isNotSameAs(probes.docker(host));
    }
}
