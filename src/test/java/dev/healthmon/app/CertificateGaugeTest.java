package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.core.schedule.MonitorTask;
import dev.healthmon.core.schedule.Monitors;
import dev.healthmon.web.EventHub;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** healthmon_certificate_expiry_seconds: the time left until the earliest expiry a monitor's checks saw. */
class CertificateGaugeTest {

    @Test
    void theGaugeIsTheTimeLeftAndNaNWithoutACertificate() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        MonitorRegistry registry = MonitorRegistry.create(MonitorTask.root("healthmon"), vts);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MonitorMetrics metrics = new MonitorMetrics(meters, registry,
                EventHub.create(List::of, 16, 16, 0));
        Disposable recording = metrics.subscribeTo(registry.events());
        Instant expiry = Instant.now().plus(Duration.ofDays(20));
        HealthCheckConfig config = HealthCheckConfig.builder().jitter(Duration.ZERO).build();
        try {
            registry.add(Monitors.of("tls", config, URI.create("https://127.0.0.1:8443"),
                    url -> Mono.just(HealthCheckResult.healthy(Duration.ofMillis(3)).withCertificateExpiry(expiry)),
                    MonitorOptions.on(vts)));
            registry.add(Monitors.of("plain", config, URI.create("tcp://127.0.0.1:5432"),
                    url -> Mono.just(HealthCheckResult.healthy(Duration.ofMillis(3))), MonitorOptions.on(vts)));

            Gauge tls = meters.get("healthmon.certificate.expiry").tag("monitor", "tls").gauge();

            assertThat(tls.value()).isCloseTo(Duration.ofDays(20).toSeconds(), within(60.0));
            // a target without TLS has no certificate, and no series: 10,000 of them would only add NaNs to a scrape
            assertThat(meters.find("healthmon.certificate.expiry").tag("monitor", "plain").gauge()).isNull();
        }
        finally {
            recording.dispose();
            registry.dispose();
        }
    }
}
