package dev.healthmon.agent;

import static java.util.Objects.requireNonNull;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.probe.agent.AgentTls;
import org.jspecify.annotations.Nullable;

/**
 * Where the agent listens, and how it is guarded (DESIGN section 13): its TLS (the server's certificate and key, and
 * optionally the authority whose client certificates it requires: mutual TLS), a bearer token, how many checks it
 * runs at once, and whether it checks files. On an address other than loopback it needs mutual TLS or a token, or
 * {@code insecure}.
 *
 * <pre>{@code
 * AgentServerConfig config = AgentServerConfig.of("0.0.0.0", AgentServerConfig.DEFAULT_PORT)
 *         .withTls(new AgentTls(serverCert, serverKey, clientCa));
 * }</pre>
 *
 * @param host the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port to bind; 0 picks a free one
 * @param tls the server's TLS files, or {@code null} for plain HTTP
 * @param token the bearer token every request must carry, or {@code null} for none
 * @param insecure whether to listen on an address other than loopback without mutual TLS or a token
 * @param allowFile whether {@code file://} checks are run
 * @param maxChecks how many checks run at once; a request beyond them is answered 503
 */
public record AgentServerConfig(String host, int port, @Nullable AgentTls tls, @Nullable String token,
        boolean insecure, boolean allowFile, int maxChecks) {

    /** The port GoDoxy's agent listens on by default. */
    public static final int DEFAULT_PORT = 8890;
    /** How many checks run at once by default. */
    public static final int DEFAULT_MAX_CHECKS = 64;

    public AgentServerConfig {
        requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new InvalidConfigException("agent.host", "empty host");
        }
        if (port < 0 || port > 65_535) {
            throw new InvalidConfigException("agent.port", port + " (expected: 0-65535)");
        }
        if (tls != null && tls.certificate() == null) {
            throw new InvalidConfigException("agent.tls.certificate", "TLS needs the server's certificate and key");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (maxChecks < 1) {
            throw new InvalidConfigException("agent.maxChecks", maxChecks + " (expected: >= 1)");
        }
    }

    /** Returns a config as {@link #of(String, int)} does, with {@code tls}. */
    public AgentServerConfig(String host, int port, @Nullable AgentTls tls) {
        this(host, port, tls, null, false, false, DEFAULT_MAX_CHECKS);
    }

    /** Returns a config for plain HTTP on {@code host} and {@code port}, without a token, files or {@code insecure}. */
    public static AgentServerConfig of(String host, int port) {
        return new AgentServerConfig(host, port, null);
    }

    /** Returns a copy with {@code tls} set. */
    public AgentServerConfig withTls(@Nullable AgentTls value) {
        return new AgentServerConfig(host, port, value, token, insecure, allowFile, maxChecks);
    }

    /** Returns a copy that requires {@code Authorization: Bearer <value>}; {@code null} for none. */
    public AgentServerConfig withToken(@Nullable String value) {
        return new AgentServerConfig(host, port, tls, value, insecure, allowFile, maxChecks);
    }

    /** Returns a copy that may listen beyond loopback without mutual TLS or a token. */
    public AgentServerConfig withInsecure(boolean value) {
        return new AgentServerConfig(host, port, tls, token, value, allowFile, maxChecks);
    }

    /** Returns a copy that runs {@code file://} checks, or not. */
    public AgentServerConfig withAllowFile(boolean value) {
        return new AgentServerConfig(host, port, tls, token, insecure, value, maxChecks);
    }

    /** Returns a copy that runs at most {@code value} checks at once. */
    public AgentServerConfig withMaxChecks(int value) {
        return new AgentServerConfig(host, port, tls, token, insecure, allowFile, value);
    }

    /** Returns whether requests are authenticated: by a client certificate (mutual TLS) or a bearer token. */
    public boolean authenticated() {
        return token != null || tls != null && tls.ca() != null;
    }

    /** Returns whether {@code host} is a loopback address or {@code localhost}. */
    public boolean loopback() {
        String name = host.trim().toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.equals("localhost")) {
            return true;
        }
        byte[] address = io.netty.util.NetUtil.createByteArrayFromIpAddressString(name);
        try {
            return address != null && java.net.InetAddress.getByAddress(address).isLoopbackAddress();
        }
        catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        // the token is a secret: never in a log line
        return "AgentServerConfig[host=" + host + ", port=" + port + ", tls=" + tls + ", token="
                + (token == null ? "none" : "***") + ", insecure=" + insecure + ", allowFile=" + allowFile
                + ", maxChecks=" + maxChecks + "]";
    }
}
