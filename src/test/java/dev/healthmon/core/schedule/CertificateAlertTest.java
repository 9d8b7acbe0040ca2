package dev.healthmon.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.model.MonitorEvent.Notification;
import dev.healthmon.core.probe.Probes;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A real local TLS server whose self-signed certificate expires in 23 days, checked daily in virtual time without
 * verification: one certificate notification when 21 days are left, one when 7 are.
 */
class CertificateAlertTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final MonitorRegistry registry = MonitorRegistry.create(MonitorTask.root("healthmon"), vts);
    private final BlockingQueue<MonitorEvent.Checked> checks = new LinkedBlockingQueue<>();
    private final Semaphore finished = new Semaphore(0);
    private final List<Notification> notifications = new CopyOnWriteArrayList<>();
    private DisposableServer server;

    @AfterEach
    void dispose() {
        registry.dispose();
        if (server != null) {
            server.disposeNow();
        }
    }

    @Test
    void aCertificateCrossing21DaysThen7IsNotifiedOncePerThreshold() throws Exception {
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        vts.advanceTimeTo(start);
        Instant notAfter = start.plus(Duration.ofDays(23)).plus(Duration.ofHours(12));
        server = httpsServer(notAfter);
        // a self-signed certificate: not verified, and its expiry still alerts
        HealthCheckConfig config = HealthCheckConfig.builder().interval(Duration.ofDays(1)).jitter(Duration.ZERO)
                .tlsVerify(false)
                .timeout(Duration.ofSeconds(5)).certificateExpiry(List.of(Duration.ofDays(21), Duration.ofDays(7)))
                .build();
        registry.events().subscribe(event -> {
            if (event instanceof MonitorEvent.Checked checked) {
                checks.add(checked);
            }
            else if (event instanceof Notification notification) {
                notifications.add(notification);
            }
        });

        HealthMonitor api = registry.add(Monitors.of("api", config, URI.create("https://127.0.0.1:" + server.port()),
                url -> Probes.create().http(config).check(url)
                        // after the loop has taken the result and asked for the next tick: only then may time move
                        .doFinally(signal -> finished.release()),
                MonitorOptions.on(vts)));
        awaitCheck();
        for (int day = 1; day <= 20; day++) {
            vts.advanceTimeBy(Duration.ofDays(1));
            awaitCheck();
        }

        assertThat(notifications).extracting(Notification::kind).containsOnly(Notification.Kind.CERTIFICATE);
        assertThat(notifications).extracting(n -> Duration.between(start, n.time()).toDays())
                .containsExactly(3L, 17L);
        assertThat(notifications.get(0).detail()).contains("certificate expires in 20 days").contains("threshold 21d");
        assertThat(notifications.get(1).detail()).contains("certificate expires in 6 days").contains("threshold 7d");
        assertThat(api.state().alerts().certificateExpiry()).isEqualTo(notAfter);
    }

    private void awaitCheck() throws InterruptedException {
        assertThat(finished.tryAcquire(10, TimeUnit.SECONDS)).as("a check within 10 s").isTrue();
        MonitorEvent.Checked checked = checks.poll();
        assertThat(checked).isNotNull();
        assertThat(checked.outcome()).isEqualTo(dev.healthmon.core.model.Outcome.Kind.PASS);
    }

    private static DisposableServer httpsServer(Instant notAfter) throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("localhost",
                Date.from(notAfter.minus(Duration.ofDays(365))), Date.from(notAfter));
        return HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .secure(spec -> spec.sslContext(Http11SslContextSpec.forServer(certificate.certificate(),
                        certificate.privateKey())))
                .handle((req, res) -> res.status(200).send())
                .bindNow();
    }
}
