package dev.healthmon.agent;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import javax.net.ssl.SSLException;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.probe.agent.AgentProbe;
import dev.healthmon.core.probe.agent.AgentTls;
import io.netty.handler.ssl.ClientAuth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * healthmon's agent mode: an HTTP server, without Spring, that checks targets where it runs for a remote
 * healthmon, answering {@code GET /godoxy/agent/health?scheme=&host=&path=&timeout=<ms>} with
 * {@code {"healthy":bool,"detail":string,"latency":<nanoseconds>}}, as {@link AgentProbe} expects.
 *
 * <p>It builds the target {@code scheme://host} (or {@code file://path}) and a config with the path and timeout,
 * asks its {@link ProbeResolver} for a probe and runs it bounded by the timeout; a timed-out check is an
 * unhealthy answer ("timeout after 5s"). Bad parameters get 400 {@code {"error","field"}}; a check that could not
 * be performed gets 500 {@code {"error"}}. With TLS and a client authority, it requires client certificates signed
 * by that authority (mutual TLS).
 *
 * <pre>{@code
 * DisposableServer agent = AgentServer.create(AgentServerConfig.of("0.0.0.0", 8890), probes::resolve).bindNow();
 * agent.onDispose().block();
 * }</pre>
 */
public final class AgentServer {

    private static final Logger log = LoggerFactory.getLogger(AgentServer.class);

    private final AgentServerConfig config;
    private final HttpServer server;

    private AgentServer(AgentServerConfig config, HttpServer server) {
        this.config = config;
        this.server = server;
    }

    /**
     * Returns an agent server, not bound yet, that listens as {@code config} says and checks targets with the
     * probes {@code resolver} picks. With TLS it reads the PEM files now: call it when configuring.
     *
     * @throws InvalidConfigException naming the field when a TLS file cannot be read or is not valid PEM, or naming
     *         {@code agent.host} when it is not loopback and neither mutual TLS, a token nor {@code insecure} is set
     */
    public static AgentServer create(AgentServerConfig config, ProbeResolver resolver) {
        requireNonNull(config, "config");
        if (!config.loopback() && !config.authenticated()) {
            if (!config.insecure()) {
                throw new InvalidConfigException("agent.host", "refusing to listen on " + config.host() + " without "
                        + "mutual TLS (--tls-client-ca) or a token (--token): anyone who reaches it could make it "
                        + "connect anywhere; listen on 127.0.0.1, set one of them, or start with --insecure");
            }
            log.warn("!!! INSECURE: the agent listens on {} without mutual TLS or a token: anyone who reaches it can "
                    + "make it connect anywhere its network allows (started with --insecure) !!!", config.host());
        }
        AgentHealthHandler handler = new AgentHealthHandler(requireNonNull(resolver, "resolver"), config);
        HttpServer server = HttpServer.create()
                .host(config.host())
                .port(config.port())
                .route(routes -> routes.get(AgentProbe.HEALTH_PATH, handler));
        AgentTls tls = config.tls();
        return new AgentServer(config, tls == null ? server : secure(server, tls.requireReadable()));
    }

    /** Returns the configuration this server listens with. */
    public AgentServerConfig config() {
        return config;
    }

    /**
     * Returns a cold {@code Mono} that binds a new server on each subscription and emits it once listening, on a
     * Reactor Netty thread; a failure to bind (address in use) arrives as an error signal. Dispose the emitted
     * server to stop it.
     */
    public Mono<DisposableServer> bind() {
        return Mono.from(server.bind());
    }

    /** Returns a server bound and listening, waiting up to 45 seconds; blocking, for {@code main} and tests. */
    public DisposableServer bindNow() {
        return server.bindNow();
    }

    /** Returns a server bound and listening, waiting up to {@code timeout}; blocking, for {@code main} and tests. */
    public DisposableServer bindNow(Duration timeout) {
        return server.bindNow(timeout);
    }

    private static HttpServer secure(HttpServer server, AgentTls tls) {
        Http11SslContextSpec spec;
        try {
            spec = Http11SslContextSpec.forServer(requireNonNull(tls.certificate()).toFile(),
                    requireNonNull(tls.key()).toFile());
            if (tls.ca() != null) {
                spec = spec.configure(builder -> builder.trustManager(tls.ca().toFile())
                        .clientAuth(ClientAuth.REQUIRE));
            }
            // build it now, so a bad file stops start-up instead of failing every handshake
            spec.sslContext();
        }
        catch (SSLException | IllegalArgumentException e) {
            throw new InvalidConfigException("agent.tls", "invalid certificate, key or client authority: "
                    + e.getMessage());
        }
        Http11SslContextSpec built = spec;
        return server.secure(ssl -> ssl.sslContext(built));
    }
}
