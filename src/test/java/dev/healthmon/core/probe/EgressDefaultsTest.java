package dev.healthmon.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.Target;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in denial of link-local and cloud-metadata targets, on real checks. These targets are not on this
 * machine, so the test runs only in a network namespace that has nothing but loopback, where even a broken policy
 * reaches nothing; {@code .ci/run} runs it so, after the build:
 * {@code unshare --net sh -c 'ip link set lo up && ./mvnw -o surefire:test -Dtest=EgressDefaultsTest'}. Anywhere
 * else it is skipped.
 */
class EgressDefaultsTest {

    private static final HealthCheckConfig CONFIG = HealthCheckConfig.builder().timeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void onlyInsideANamespaceWithNothingButLoopback() throws SocketException {
        List<NetworkInterface> others = interfaces()
                .filter(network -> {
                    try {
                        return network.isUp() && !network.isLoopback();
                    }
                    catch (SocketException e) {
                        return true;
                    }
                })
                .toList();
        Assumptions.assumeTrue(others.isEmpty(), () -> "skipped: this test checks link-local and metadata "
                + "targets, so it runs only inside a network namespace with nothing but loopback (.ci/run runs it so); "
                + "interfaces up here: " + others);
    }

    // a namespace whose loopback is still down has no interface at all, which the JDK reports as an error
    private static java.util.stream.Stream<NetworkInterface> interfaces() {
        try {
            return NetworkInterface.networkInterfaces();
        }
        catch (SocketException none) {
            return java.util.stream.Stream.empty();
        }
    }

    @ParameterizedTest(name = "{0} is denied by default")
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "tcp://169.254.169.254:80",
            "http://metadata.google.internal/computeMetadata/v1/", "tcp://[fe80::1]:80", "http://[fd00:ec2::254]/",
            "udp://169.254.169.254:53", "http://[::ffff:169.254.169.254]/"})
    void linkLocalAndMetadataTargetsAreDeniedByDefault(String target) {
        URI url = URI.create(target);
        HealthCheckResult result = Probes.create().probeFor("metadata", Target.of(url), CONFIG).check(url)
                .block(Duration.ofSeconds(5));
        assertThat(result).isNotNull();
        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).isEqualTo(EgressPolicy.DENIED);
    }
}
