package dev.healthmon.core.probe;

import java.net.URI;
import java.util.Locale;

import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;

/** Reads the parts of a target URL that the probes need: scheme, host, port and address family. */
final class Endpoint {

    private Endpoint() {
    }

    /** Returns the URL's scheme in lowercase, or an empty string when it has none. */
    static String scheme(URI url) {
        String scheme = url.getScheme();
        return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
    }

    /** Returns the URL's host without the brackets of an IPv6 literal, or an empty string when it has none. */
    static String hostOf(URI url) {
        String host = url.getHost();
        if (host == null) {
            return "";
        }
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Returns why a stream URL cannot be checked, such as {@code "no port specified"}, or {@code null} when its
     * host and port are usable with the address family its scheme asks for ({@code tcp4}, {@code udp6} ...).
     */
    static @Nullable String streamProblem(URI url) {
        String host = hostOf(url);
        if (host.isEmpty()) {
            return "no host specified";
        }
        if (url.getPort() < 0) {
            return "no port specified";
        }
        Family family = Family.of(scheme(url));
        if (family == Family.IPV4 && NetUtil.isValidIpV6Address(host)) {
            return "no IPv4 address for " + host;
        }
        if (family == Family.IPV6 && NetUtil.isValidIpV4Address(host)) {
            return "no IPv6 address for " + host;
        }
        return null;
    }

    /** The address family a stream scheme asks for: {@code tcp4}, {@code udp6}, or either. */
    enum Family {
        ANY, IPV4, IPV6;

        static Family of(String scheme) {
            if (scheme.endsWith("4")) {
                return IPV4;
            }
            return scheme.endsWith("6") ? IPV6 : ANY;
        }
    }
}
