package dev.healthmon.core.probe;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.healthmon.core.model.InvalidConfigException;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;
import reactor.netty.transport.ClientTransport;
import reactor.netty.transport.ClientTransportConfig;

/**
 * Which addresses a check may connect to (DESIGN section 13): everything but what {@code deny} lists and, built
 * in, the link-local ranges ({@code 169.254.0.0/16}, {@code fe80::/10}) and the cloud metadata services
 * ({@code 169.254.169.254}, {@code fd00:ec2::254}, {@code metadata.google.internal}), unless {@code allow} lists
 * them. An entry is a CIDR ({@code 10.0.0.0/8}), an address, a host name, or {@code *.} and a domain.
 *
 * <p>It is enforced where a client resolves a name, on the address it resolved, just before connecting
 * ({@link #guard}): a name that resolves to a denied address is denied, and so is a name that resolves to another
 * address on the next check (DNS rebinding). A denied check never connects; it fails with the detail
 * {@value #DENIED}.
 *
 * <pre>{@code
 * EgressPolicy policy = EgressPolicy.of(List.of("169.254.10.0/24"), List.of("10.0.0.0/8", "db.internal"));
 * Probes probes = Probes.create(policy);
 * }</pre>
 */
public final class EgressPolicy {

    /** The detail of a check the policy refused. */
    public static final String DENIED = "denied by egress policy";

    private static final List<String> BUILT_IN = List.of("169.254.0.0/16", "fe80::/10", "169.254.169.254",
            "fd00:ec2::254", "metadata.google.internal");
    private static final EgressPolicy DEFAULTS = of(List.of(), List.of());
    private static final EgressPolicy UNRESTRICTED = new EgressPolicy(List.of(), List.of());

    private final List<Entry> allow;
    private final List<Entry> deny;

    private EgressPolicy(List<Entry> allow, List<Entry> deny) {
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
    }

    /** Returns the built-in policy: link-local and cloud-metadata addresses denied, everything else allowed. */
    public static EgressPolicy defaults() {
        return DEFAULTS;
    }

    /** Returns a policy that denies nothing, for an embedder that decides for itself. */
    public static EgressPolicy unrestricted() {
        return UNRESTRICTED;
    }

    /**
     * Returns the built-in policy with {@code deny} denied too and {@code allow} allowed, even where denied.
     *
     * @throws InvalidConfigException naming {@code egress.allow} or {@code egress.deny} when an entry is not a
     *         CIDR, an address or a host name
     */
    public static EgressPolicy of(List<String> allow, List<String> deny) {
        List<Entry> denied = new ArrayList<>();
        BUILT_IN.forEach(entry -> denied.add(Entry.parse(entry, "egress.deny")));
        deny.forEach(entry -> denied.add(Entry.parse(entry, "egress.deny")));
        return new EgressPolicy(allow.stream().map(entry -> Entry.parse(entry, "egress.allow")).toList(), denied);
    }

    /** Returns whether {@code error}, or one of its causes, is a connection this policy refused. */
    public static boolean denied(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof EgressDeniedException) {
                return true;
            }
            if (t.getCause() == t) {
                return false;
            }
        }
        return false;
    }

    /** Returns whether a check may go to {@code host}, by its name alone, before it is resolved. */
    public boolean permitsHost(String host) {
        String name = Entry.normalize(host);
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(name);
        if (literal != null) {
            return permitsAddress(null, literal);
        }
        return !matches(deny, name, null) || matches(allow, name, null);
    }

    /** Returns whether a check may connect to {@code address}, which the name {@code host} resolved to, if any. */
    public boolean permits(@Nullable String host, InetAddress address) {
        return permitsAddress(host == null ? null : Entry.normalize(host), address.getAddress());
    }

    /**
     * Returns {@code client} resolving names as it did, and refusing with {@link EgressDeniedException} to connect
     * to what this policy denies, checked on every address it resolved (an address written in the URL too).
     */
    public <T extends ClientTransport<T, C>, C extends ClientTransportConfig<C>> T guard(T client) {
        requireNonNull(client, "client");
        if (this == UNRESTRICTED) {
            return client;
        }
        // a client left with the default resolver has none configured yet: give it the default DNS resolver
        T named = client.configuration().resolver() == null ? client.resolver(spec -> { }) : client;
        @SuppressWarnings("unchecked")
        AddressResolverGroup<InetSocketAddress> resolvers =
                (AddressResolverGroup<InetSocketAddress>) requireNonNull(named.configuration().resolver(), "resolver");
        return named.resolver(new GuardedResolverGroup(this, resolvers));
    }

    private boolean permitsAddress(@Nullable String name, byte[] address) {
        byte[] ip = unmapped(address);
        if (name != null && matches(allow, name, null)) {
            return true;
        }
        if (name != null && matches(deny, name, null)) {
            return false;
        }
        return !matches(deny, null, ip) || matches(allow, null, ip);
    }

    private static boolean matches(List<Entry> entries, @Nullable String name, byte @Nullable [] ip) {
        for (Entry entry : entries) {
            if (name != null && entry.matchesName(name) || ip != null && entry.matchesAddress(ip)) {
                return true;
            }
        }
        return false;
    }

    // ::ffff:169.254.169.254 is 169.254.169.254
    private static byte[] unmapped(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return address;
        }
        return new byte[] {address[12], address[13], address[14], address[15]};
    }

    /** One entry: a network (address and prefix length) or a host name, exact or {@code *.domain}. */
    private record Entry(byte @Nullable [] network, int prefix, @Nullable String name) {

        static Entry parse(String written, String field) {
            String text = written == null ? "" : written.trim();
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            byte[] network = NetUtil.createByteArrayFromIpAddressString(normalize(address));
            if (network != null) {
                network = unmapped(network);
                int prefix = network.length * 8;
                if (slash >= 0) {
                    try {
                        prefix = Integer.parseInt(text.substring(slash + 1));
                    }
                    catch (NumberFormatException e) {
                        prefix = -1;
                    }
                    if (prefix < 0 || prefix > network.length * 8) {
                        throw new InvalidConfigException(field, "'" + written + "' has an invalid prefix length "
                                + "(expected: 0-" + network.length * 8 + ")");
                    }
                }
                return new Entry(network, prefix, null);
            }
            String name = normalize(text);
            if (slash >= 0 || !name.matches("(\\*\\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*"
                    + "[a-z0-9_])?)*") || name.length() > 253) {
                throw new InvalidConfigException(field, "'" + written + "' (expected: a CIDR such as 10.0.0.0/8, "
                        + "an address, a host name, or *. and a domain)");
            }
            return new Entry(null, 0, name);
        }

        static String normalize(String host) {
            String name = host.trim().toLowerCase(Locale.ROOT);
            if (name.startsWith("[") && name.endsWith("]")) {
                name = name.substring(1, name.length() - 1);
            }
            while (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            return name;
        }

        boolean matchesName(String host) {
            if (name == null) {
                return false;
            }
            return name.startsWith("*.") ? host.endsWith(name.substring(1)) : host.equals(name);
        }

        boolean matchesAddress(byte[] ip) {
            if (network == null || network.length != ip.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (network[i] != ip[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (network[whole] & mask) == (ip[whole] & mask);
        }
    }
}
