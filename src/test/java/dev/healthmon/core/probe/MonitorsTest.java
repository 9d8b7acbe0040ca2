package dev.healthmon.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.Target;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.MonitorTask;
import dev.healthmon.core.schedule.Monitors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;

class MonitorsTest {

    private static final Duration VERIFY = Duration.ofSeconds(15);
    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder()
            .interval(Duration.ofMillis(200))
            .timeout(Duration.ofSeconds(2))
            .retries(-1)
            .build();

    private final AtomicInteger status = new AtomicInteger(200);
    private final MonitorTask root = MonitorTask.root("test");
    private DisposableServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/health", (req, res) -> res.status(status.get()).send()))
                .bindNow();
    }

    @AfterEach
    void stop() {
        root.finish("test over");
        server.disposeNow();
    }

    @Test
    void newMonitorChecksARealServerAndSeesItGoDown() {
        HealthCheckConfig config = CONFIG.toBuilder().path("/health").build();
        HealthMonitor monitor = Monitors.newMonitor("api", config, URI.create("http://127.0.0.1:" + server.port()),
                MonitorOptions.defaults().withFixedJitter(Duration.ZERO));

        StepVerifier.create(monitor.events().ofType(MonitorEvent.StatusChanged.class))
                .then(() -> monitor.start(root))
                .assertNext(e -> assertThat(e.status()).isEqualTo(HealthStatus.STARTING))
                .assertNext(e -> {
                    assertThat(e.status()).isEqualTo(HealthStatus.HEALTHY);
                    assertThat(e.detail()).isEqualTo("HTTP 200 OK");
                })
                .then(() -> status.set(503))
                .assertNext(e -> {
                    assertThat(e.status()).isEqualTo(HealthStatus.UNHEALTHY);
                    assertThat(e.detail()).isEqualTo("HTTP 503 Service Unavailable");
                })
                .then(() -> monitor.finish("done"))
                .assertNext(e -> assertThat(e.status()).isEqualTo(HealthStatus.STOPPED))
                .thenCancel()
                .verify(VERIFY);
    }

    @Test
    void newMonitorWithATargetPicksTheProbeFromItsUrl() {
        DisposableServer tcp = TcpServer.create().host("127.0.0.1").port(0).bindNow();
        try {
            HealthMonitor db = Monitors.newMonitor("db", CONFIG,
                    Target.of(URI.create("tcp://127.0.0.1:" + tcp.port())));

            assertHealthy(db.checkHealth(), "connected");
            assertThat(db.url()).isEqualTo(URI.create("tcp://127.0.0.1:" + tcp.port()));
        }
        finally {
            tcp.disposeNow();
        }
    }

    @Test
    void newMonitorRefusesAnUnsupportedSchemeNamingTheMonitor() {
        assertThatThrownBy(() -> Monitors.newMonitor("legacy", CONFIG, URI.create("gopher://127.0.0.1:70")))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.monitor()).isEqualTo("legacy"))
                .hasMessageContaining("monitor 'legacy': url: unsupported scheme 'gopher'");
    }

    @Test
    void theSeedsFactoriesCheckTheirKindOfTarget() throws Exception {
        HealthCheckConfig config = CONFIG.toBuilder().path("/health").build();
        assertHealthy(Monitors.http("web", config, URI.create("http://127.0.0.1:" + server.port())).checkHealth(),
                "HTTP 200 OK");

        DisposableServer h2c = HttpServer.create().host("127.0.0.1").port(0).protocol(HttpProtocol.H2C)
                .handle((req, res) -> res.status(204).send()).bindNow();
        try {
            assertHealthy(Monitors.h2c("grpc", config, URI.create("h2c://127.0.0.1:" + h2c.port())).checkHealth(),
                    "HTTP 204 No Content");
        }
        finally {
            h2c.disposeNow();
        }

        Path site = Files.createDirectory(dir.resolve("www"));
        assertHealthy(Monitors.fileServer("site", config, site.toUri()).checkHealth(), "directory " + site
                + " exists");

        DisposableServer tcp = TcpServer.create().host("127.0.0.1").port(0).bindNow();
        try {
            assertHealthy(Monitors.stream("db", config, URI.create("tcp://127.0.0.1:" + tcp.port())).checkHealth(),
                    "connected");
        }
        finally {
            tcp.disposeNow();
        }
    }

    private static void assertHealthy(Mono<HealthCheckResult> check, String detail) {
        StepVerifier.create(check)
                .assertNext(r -> {
                    assertThat(r.detail()).isEqualTo(detail);
                    assertThat(r.healthy()).isTrue();
                })
                .expectComplete()
                .verify(VERIFY);
    }
}
