package dev.healthmon.agent;

import static java.util.Objects.requireNonNull;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.probe.agent.AgentTls;
import org.jspecify.annotations.Nullable;

/**
 * Where the agent listens, and its TLS: the server's certificate and key, and optionally the authority whose
 * client certificates it requires (mutual TLS).
 *
 * <pre>{@code
 * AgentServerConfig config = AgentServerConfig.of("0.0.0.0", AgentServerConfig.DEFAULT_PORT)
 *         .withTls(new AgentTls(serverCert, serverKey, clientCa));
 * }</pre>
 *
 * @param host the address to bind, such as {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port the port to bind; 0 picks a free one
 * @param tls the server's TLS files, or {@code null} for plain HTTP
 */
public record AgentServerConfig(String host, int port, @Nullable AgentTls tls) {

    /** The port GoDoxy's agent listens on by default. */
    public static final int DEFAULT_PORT = 8890;

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
    }

    /** Returns a config for plain HTTP on {@code host} and {@code port}. */
    public static AgentServerConfig of(String host, int port) {
        return new AgentServerConfig(host, port, null);
    }

    /** Returns a copy with {@code tls} set. */
    public AgentServerConfig withTls(@Nullable AgentTls value) {
        return new AgentServerConfig(host, port, value);
    }
}
