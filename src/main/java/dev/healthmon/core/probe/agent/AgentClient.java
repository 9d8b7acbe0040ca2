package dev.healthmon.core.probe.agent;

import static java.util.Objects.requireNonNull;

import javax.net.ssl.SSLException;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.probe.EgressPolicy;
import dev.healthmon.core.probe.Failures;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;

/**
 * The HTTP client healthmon talks to its agents with, optionally presenting a client certificate and trusting a
 * private authority (mutual TLS). Immutable and thread-safe: create one and share it between the
 * {@link AgentProbe}s of every monitor.
 *
 * <pre>{@code
 * AgentClient agents = AgentClient.create(new AgentTls(clientCert, clientKey, agentCa));
 * Probe probe = AgentProbe.create(URI.create("https://agent.lan:8890"), config, agents);
 * }</pre>
 */
public final class AgentClient {

    private final HttpClient http;

    private AgentClient(HttpClient http) {
        this.http = http;
    }

    /** Returns a client without a client certificate that trusts the system's authorities for {@code https}. */
    public static AgentClient create() {
        return new AgentClient(HttpClient.create());
    }

    /**
     * Returns a client that presents {@code tls}'s certificate, when it has one, and trusts {@code tls}'s
     * authority, when it has one, for {@code https} agents; host names are always verified. It reads the PEM
     * files now: call it when configuring.
     *
     * @throws InvalidConfigException naming the field when a file cannot be read or is not valid PEM
     */
    public static AgentClient create(AgentTls tls) {
        requireNonNull(tls, "tls");
        tls.requireReadable();
        Http11SslContextSpec spec;
        try {
            spec = Http11SslContextSpec.forClient().configure(builder -> {
                if (tls.ca() != null) {
                    builder.trustManager(tls.ca().toFile());
                }
                if (tls.certificate() != null && tls.key() != null) {
                    builder.keyManager(tls.certificate().toFile(), tls.key().toFile());
                }
            });
            // build it now, so a bad file is a configuration error, not a failure of every check
            spec.sslContext();
        }
        catch (SSLException | IllegalArgumentException e) {
            throw new InvalidConfigException("tls", "invalid certificate, key or authority: "
                    + Failures.message(e));
        }
        return new AgentClient(HttpClient.create().secure(ssl -> ssl.sslContext(spec)));
    }

    /** Returns this client sending {@code Authorization: Bearer <token>}, for agents that require a token. */
    public AgentClient withToken(String token) {
        requireNonNull(token, "token");
        return new AgentClient(http.headers(headers -> headers.set("Authorization", "Bearer " + token)));
    }

    /** Returns this client going only where {@code egress} permits, checked on the resolved address. */
    public AgentClient guardedBy(EgressPolicy egress) {
        return new AgentClient(egress.guard(http));
    }

    /** Returns the underlying Reactor Netty client. */
    HttpClient http() {
        return http;
    }
}
