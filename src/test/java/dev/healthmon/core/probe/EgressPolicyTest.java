package dev.healthmon.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import dev.healthmon.core.model.InvalidConfigException;
import io.netty.util.NetUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of the egress policy, on addresses and names as data: nothing here connects anywhere. */
class EgressPolicyTest {

    @ParameterizedTest(name = "{0} is denied by default")
    @ValueSource(strings = {"169.254.169.254", "169.254.0.1", "169.254.255.255", "fe80::1", "febf::1",
            "fd00:ec2::254", "::ffff:169.254.169.254"})
    void linkLocalAndMetadataAddressesAreDeniedByDefault(String address) {
        assertThat(EgressPolicy.defaults().permits(null, ip(address))).isFalse();
        assertThat(EgressPolicy.defaults().permitsHost(address)).isFalse();
        assertThat(EgressPolicy.defaults().permitsHost("[" + address + "]")).isFalse();
    }

    @ParameterizedTest(name = "{0} is allowed by default")
    @ValueSource(strings = {"127.0.0.1", "::1", "10.1.2.3", "192.168.1.1", "169.253.255.255", "169.255.0.0",
            "fec0::1", "fd00:ec2::253", "8.8.8.8"})
    void everythingElseIsAllowedByDefault(String address) {
        assertThat(EgressPolicy.defaults().permits(null, ip(address))).isTrue();
    }

    @Test
    void metadataNamesAreDeniedBeforeTheyAreResolved() {
        for (String name : List.of("metadata.google.internal", "METADATA.google.internal.", "metadata.google.internal")) {
            assertThat(EgressPolicy.defaults().permitsHost(name)).as(name).isFalse();
        }
        assertThat(EgressPolicy.defaults().permitsHost("metadata.google.internal.example.com")).isTrue();
        assertThat(EgressPolicy.defaults().permitsHost("localhost")).isTrue();
    }

    @Test
    void denyTakesCidrsAddressesAndNamesAndAllowWinsOverIt() {
        EgressPolicy policy = EgressPolicy.of(List.of("127.0.0.1", "169.254.169.254", "ok.internal"),
                List.of("127.0.0.0/8", "::1", "*.internal", "10.0.0.0/8"));

        assertThat(policy.permits(null, ip("127.0.0.2"))).isFalse();
        assertThat(policy.permits(null, ip("127.255.255.255"))).isFalse();
        assertThat(policy.permits(null, ip("127.0.0.1"))).isTrue();
        assertThat(policy.permits(null, ip("::1"))).isFalse();
        assertThat(policy.permits(null, ip("10.200.0.1"))).isFalse();
        assertThat(policy.permits(null, ip("11.0.0.1"))).isTrue();
        assertThat(policy.permits(null, ip("169.254.169.254"))).isTrue();
        assertThat(policy.permits(null, ip("169.254.169.253"))).isFalse();
        assertThat(policy.permitsHost("db.internal")).isFalse();
        assertThat(policy.permitsHost("ok.internal")).isTrue();
        // a name resolved to a denied address is denied, unless the name itself is allowed
        assertThat(policy.permits("localhost", ip("127.0.0.2"))).isFalse();
        assertThat(policy.permits("ok.internal", ip("10.0.0.1"))).isTrue();
        assertThat(policy.permits("db.internal", ip("11.0.0.1"))).isFalse();
    }

    @Test
    void prefixesCutInsideAByte() {
        EgressPolicy policy = EgressPolicy.of(List.of(), List.of("192.168.0.0/20", "2001:db8::/33"));
        assertThat(policy.permits(null, ip("192.168.15.255"))).isFalse();
        assertThat(policy.permits(null, ip("192.168.16.0"))).isTrue();
        assertThat(policy.permits(null, ip("2001:db8:7fff::1"))).isFalse();
        assertThat(policy.permits(null, ip("2001:db8:8000::1"))).isTrue();
        assertThat(EgressPolicy.of(List.of(), List.of("0.0.0.0/0")).permits(null, ip("1.2.3.4"))).isFalse();
    }

    @Test
    void unrestrictedDeniesNothing() {
        assertThat(EgressPolicy.unrestricted().permits(null, ip("169.254.169.254"))).isTrue();
        assertThat(EgressPolicy.unrestricted().permitsHost("metadata.google.internal")).isTrue();
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"", " ", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "::1/129", "host name",
            "http://10.0.0.1", "a..b", "*", "*.", "-bad.example", "x/8"})
    void badEntriesNameTheirField(String entry) {
        assertThatThrownBy(() -> EgressPolicy.of(List.of(), List.of(entry)))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("egress.deny"));
        assertThatThrownBy(() -> EgressPolicy.of(List.of(entry), List.of()))
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("egress.allow"));
    }

    private static InetAddress ip(String literal) {
        try {
            // from the literal's bytes: no name lookup
            return InetAddress.getByAddress(NetUtil.createByteArrayFromIpAddressString(literal));
        }
        catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
