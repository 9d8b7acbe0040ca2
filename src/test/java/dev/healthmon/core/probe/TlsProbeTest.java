package dev.healthmon.core.probe;

import static dev.healthmon.core.probe.HttpProbeTest.assertResult;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import dev.healthmon.core.model.HealthCheckConfig;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

class TlsProbeTest {

    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().timeout(Duration.ofSeconds(5)).build();
    private static final HealthCheckConfig NOT_VERIFYING = CONFIG.toBuilder().tlsVerify(false).build();

    private final Probes probes = Probes.create();

    @Test
    void passesWithASelfSignedCertificateAndReportsItsExpiry() throws Exception {
        // issued for "localhost" and reached at 127.0.0.1: neither trust nor the name is checked without tlsVerify
        DisposableServer server = httpsServer(Instant.now().plus(Duration.ofDays(90)).plus(Duration.ofHours(1)));
        try {
            assertResult(probes.http(NOT_VERIFYING), URI.create("https://127.0.0.1:" + server.port()), true,
                    "HTTP 200 OK, certificate expires in 90 days");
        }
        finally {
            server.disposeNow();
        }
    }

    @Test
    void verifiesByDefault() throws Exception {
        assertThat(CONFIG.tlsVerify()).isTrue();
        DisposableServer server = httpsServer(Instant.now().plus(Duration.ofDays(90)));
        try {
            StepVerifier.create(probes.http(CONFIG).check(URI.create("https://127.0.0.1:" + server.port())))
                    .assertNext(r -> {
                        assertThat(r.healthy()).isFalse();
                        assertThat(r.detail()).startsWith("TLS handshake failed: ");
                    })
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
        }
        finally {
            server.disposeNow();
        }
    }

    @Test
    void failsWithTlsVerifyOnAnUntrustedCertificate() throws Exception {
        DisposableServer server = httpsServer(Instant.now().plus(Duration.ofDays(90)));
        try {
            HealthCheckConfig verifying = CONFIG.toBuilder().tlsVerify(true).build();
            StepVerifier.create(probes.http(verifying).check(URI.create("https://127.0.0.1:" + server.port())))
                    .assertNext(r -> {
                        assertThat(r.healthy()).isFalse();
                        assertThat(r.detail()).startsWith("TLS handshake failed: ");
                    })
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
        }
        finally {
            server.disposeNow();
        }
    }

    @Test
    void reportsAnExpiredCertificateWhenNotVerifying() throws Exception {
        DisposableServer server = httpsServer(Instant.now().minus(Duration.ofDays(3)).minus(Duration.ofHours(1)));
        try {
            assertResult(probes.http(NOT_VERIFYING), URI.create("https://127.0.0.1:" + server.port()), true,
                    "HTTP 200 OK, certificate expired 3 days ago");
        }
        finally {
            server.disposeNow();
        }
    }

    @Test
    void reportsNoCertificateWithoutTls() {
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.status(204).send()).bindNow();
        try {
            assertResult(probes.http(CONFIG), URI.create("http://127.0.0.1:" + server.port()), true,
                    "HTTP 204 No Content");
        }
        finally {
            server.disposeNow();
        }
    }

    @ParameterizedTest(name = "{0} hours left -> {1}")
    @CsvSource({
            "2160, certificate expires in 90 days",
            "47, certificate expires in 1 day",
            "5, certificate expires in 0 days",
            "-5, certificate expired today",
            "-30, certificate expired 1 day ago",
            "-100, certificate expired 4 days ago" })
    void describesTheTimeLeft(long hours, String detail) {
        assertThat(Certificates.describe(Duration.ofHours(hours))).isEqualTo(detail);
    }

    private static DisposableServer httpsServer(Instant notAfter) throws Exception {
        Instant notBefore = notAfter.minus(Duration.ofDays(365));
        SelfSignedCertificate certificate = new SelfSignedCertificate("localhost", Date.from(notBefore),
                Date.from(notAfter));
        return HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .secure(spec -> spec.sslContext(Http11SslContextSpec.forServer(certificate.certificate(),
                        certificate.privateKey())))
                .handle((req, res) -> res.status(200).send())
                .bindNow();
    }
}
