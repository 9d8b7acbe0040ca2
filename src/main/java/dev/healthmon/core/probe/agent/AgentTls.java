package dev.healthmon.core.probe.agent;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.healthmon.core.model.InvalidConfigException;
import org.jspecify.annotations.Nullable;

/**
 * The PEM files of one side of a TLS connection between healthmon and its agent.
 *
 * <p>On the monitor's side ({@link AgentClient}): {@code certificate} and {@code key} are the client certificate
 * presented to the agent, {@code ca} the authority that signed the agent's certificate (the system's trust store
 * when absent). On the agent's side: {@code certificate} and {@code key} are the server's, and {@code ca}, when
 * given, signs the client certificates the agent requires (mutual TLS).
 *
 * @param certificate a PEM certificate chain, or {@code null}
 * @param key the PEM (PKCS#8) private key of {@code certificate}, or {@code null}
 * @param ca PEM certificates of the trusted authorities, or {@code null}
 */
public record AgentTls(@Nullable Path certificate, @Nullable Path key, @Nullable Path ca) {

    public AgentTls {
        if (certificate != null && key == null) {
            throw new InvalidConfigException("tls.key", "a certificate needs its private key");
        }
        if (certificate == null && key != null) {
            throw new InvalidConfigException("tls.certificate", "a private key needs its certificate");
        }
    }

    /**
     * Returns this, after checking that every file it names can be read. It reads the file system: call it when
     * configuring, never on an event loop.
     *
     * @throws InvalidConfigException naming the first field whose file cannot be read
     */
    public AgentTls requireReadable() {
        readable("tls.certificate", certificate);
        readable("tls.key", key);
        readable("tls.ca", ca);
        return this;
    }

    private static void readable(String field, @Nullable Path file) {
        if (file != null && !Files.isReadable(file)) {
            throw new InvalidConfigException(field, "cannot read '" + file + "'");
        }
    }
}
