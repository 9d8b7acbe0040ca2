package dev.healthmon.core.probe;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.Target;
import dev.healthmon.core.probe.agent.AgentClient;
import dev.healthmon.core.probe.agent.AgentProbe;
import dev.healthmon.core.probe.docker.DockerClient;
import dev.healthmon.core.probe.docker.DockerProbe;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.resolver.ResolvedAddressTypes;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.TcpClient;
import reactor.netty.transport.ClientTransport;
import reactor.netty.transport.ClientTransportConfig;
import reactor.netty.transport.NameResolverProvider.NameResolverSpec;
import reactor.netty.udp.UdpClient;

/**
 * Creates the probe of a target, holding the clients every probe shares: one HTTP/1.1 client and its H2C,
 * insecure-TLS and verifying-TLS variants, a TCP client and a UDP client, all on Reactor Netty's event loops
 * with Netty's non-blocking DNS resolver. Create one and keep it: the clients are created once, here.
 *
 * <p>{@link #probeFor} follows the seed's selection flow: a target behind an agent is checked by the agent
 * ({@link AgentProbe}), then a Docker container by the Engine API with the URL's own probe as its fallback
 * ({@link DockerProbe}); otherwise the URL decides: {@code h2c://} is H2C, {@code http://} and
 * {@code https://} are HTTP, {@code file://} is the file system, and {@code tcp}, {@code tcp4}, {@code tcp6},
 * {@code udp}, {@code udp4}, {@code udp6} are streams.
 *
 * <p>Every probe's {@code check} is cold: each subscription performs one check and emits one result, then
 * completes. It starts and runs on Reactor Netty's event loops, whichever thread subscribes ({@code EventLoops};
 * the file probe on {@code boundedElastic}), sets the config's timeout as its connect timeout only, and turns
 * what the target does wrong (a 5xx, refused, reset, a connect timeout, an unknown host, a failed TLS handshake)
 * into an unhealthy result; it signals an error only when the check could not be performed. The check as a whole
 * is bounded by its caller, the monitor's loop ({@code MonitorLoop.check}), whose cancel closes the connection.
 * The clients are owned here: one of each kind, one per Docker daemon, and the agent client.
 *
 * <pre>{@code
 * Probes probes = Probes.create();
 * Probe probe = probes.probeFor("api", Target.of(URI.create("http://localhost:8080")), config);
 * probe.check(url).subscribe(result -> ...);
 * }</pre>
 */
public final class Probes {

    /** The value of the {@code User-Agent} header of HTTP checks: {@code healthmon/<version>}. */
    public static final String USER_AGENT = "healthmon/" + version();

    private static final String ACCEPTED = "http, https, h2c, tcp, tcp4, tcp6, udp, udp4, udp6 or file";
    private static final Set<String> STREAM_SCHEMES = Set.of("tcp", "tcp4", "tcp6", "udp", "udp4", "udp6");

    /**
     * Returns probes whose clients use Reactor Netty's shared event loops, Netty's DNS resolver configured from
     * the system ({@code /etc/resolv.conf}, {@code /etc/hosts}) and the system clock.
     */
    public static Probes create() {
        return create(EgressPolicy.defaults());
    }

    /**
     * Returns probes as {@link #create()} does whose checks, every kind that connects (HTTP, H2C, TCP, UDP, agent,
     * Docker over TCP), go only where {@code egress} permits, checked on the resolved address.
     */
    public static Probes create(EgressPolicy egress) {
        return new Probes(UnaryOperator.identity(), Clock.systemUTC(), WheelScheduler.shared(), egress);
    }

    /** Returns probes whose DNS resolver is configured by {@code resolver}, reading time from {@code clock}. */
    static Probes create(UnaryOperator<NameResolverSpec> resolver, Clock clock) {
        return create(resolver, clock, EgressPolicy.defaults());
    }

    /** Returns probes as {@link #create(UnaryOperator, Clock)} does, going only where {@code egress} permits. */
    static Probes create(UnaryOperator<NameResolverSpec> resolver, Clock clock, EgressPolicy egress) {
        return new Probes(resolver, clock, WheelScheduler.shared(), egress);
    }

    /**
     * The most kept-alive connections to one address in the pool of {@code https://} and {@code h2c://} checks,
     * shared by the monitors that check it, so the most of them that check the address at the same instant; and the
     * most connections one {@code http://} monitor keeps when its checks overlap.
     */
    static final int KEPT_PER_ADDRESS = 64;
    /** How long a kept-alive connection may stay unused before it is closed. */
    static final Duration KEPT_IDLE = Duration.ofMinutes(5);
    /** The first size of a connection's buffer for a status or header line. */
    static final int DECODER_BUFFER = 32;

    private final HttpClient http;
    private final HttpClient h2c;
    private final HttpClient insecureTls;
    private final HttpClient verifyingTls;
    private final HttpClient keptHttp;
    private final HttpClient keptH2c;
    private final HttpClient keptInsecureTls;
    private final HttpClient keptVerifyingTls;
    private final ConnectionProvider keptPool;
    private final Http1Client http1;
    private final Map<Endpoint.Family, TcpClient> tcp;
    private final Map<Endpoint.Family, UdpClient> udp;
    private final Clock clock;
    private final Scheduler scheduler;
    private final AgentClient agents;
    private final Map<URI, DockerClient> dockers;
    private final FileProbe file;
    private final EgressPolicy egress;
    private final Map<List<Object>, Object> timedClients;
    private final ProbeChannels channels;

    private Probes(UnaryOperator<NameResolverSpec> resolver, Clock clock, Scheduler scheduler, EgressPolicy egress) {
        this.channels = new ProbeChannels();
        this.clock = requireNonNull(clock, "clock");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.egress = requireNonNull(egress, "egress");
        this.agents = AgentClient.create().guardedBy(egress);
        this.dockers = new ConcurrentHashMap<>();
        this.timedClients = new ConcurrentHashMap<>();
        this.file = new FileProbe();
        // reuseConnection: false: one connection per check, closed when the check ends
        HttpClient base = client(ConnectionProvider.newConnection(), resolver, egress, channels);
        this.http = base.protocol(HttpProtocol.HTTP11);
        this.h2c = base.protocol(HttpProtocol.H2C);
        this.insecureTls = insecure(http);
        this.verifyingTls = verifying(http);
        // reuseConnection: true, the default. Of http:// URLs: each monitor keeps its own connection (Http1Client,
        // KeptHttp1). Of https:// and h2c:// URLs: one pool for every monitor, keyed by Reactor Netty per address and
        // client variant, so a monitor of its own target keeps one connection alive; cheaper than a provider (and
        // its pool and evictor) per monitor. A connection the target closed is dropped by the pool and the next
        // check opens another; a check never waits in the pool longer than its own timeout.
        // A pool that no check used for KEPT_IDLE (its monitors were removed, or check less often than that) is
        // disposed with its connections by one task of the provider; eviction in background was a task of each pool in
        // the parallel scheduler's queue (130 bytes a monitor of its own target) and left the pool itself behind.
        // A connection idle longer than KEPT_IDLE in a pool still used is closed when a check finds it.
        this.keptPool = ConnectionProvider.builder("healthmon-checks")
                .maxConnections(KEPT_PER_ADDRESS)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(KEPT_IDLE)
                .disposeInactivePoolsInBackground(Duration.ofMinutes(1), KEPT_IDLE)
                .lifo()
                .build();
        HttpClient kept = client(keptPool, resolver, egress, channels);
        this.keptHttp = kept.protocol(HttpProtocol.HTTP11);
        this.keptH2c = kept.protocol(HttpProtocol.H2C);
        this.keptInsecureTls = insecure(keptHttp);
        this.keptVerifyingTls = verifying(keptHttp);
        // the kept-alive checks of http:// URLs: on Netty's codec, with the loops and resolver of these clients
        this.http1 = new Http1Client(keptHttp, channels, scheduler, KEPT_IDLE);
        this.tcp = byFamily(channels.track(TcpClient.newConnection()), resolver, egress);
        this.udp = byFamily(channels.track(UdpClient.create()), resolver, egress);
    }

    private Probes(Probes shared, AgentClient agents) {
        this.http = shared.http;
        this.h2c = shared.h2c;
        this.insecureTls = shared.insecureTls;
        this.verifyingTls = shared.verifyingTls;
        this.keptHttp = shared.keptHttp;
        this.keptH2c = shared.keptH2c;
        this.keptInsecureTls = shared.keptInsecureTls;
        this.keptVerifyingTls = shared.keptVerifyingTls;
        this.keptPool = shared.keptPool;
        this.http1 = shared.http1;
        this.tcp = shared.tcp;
        this.udp = shared.udp;
        this.clock = shared.clock;
        this.scheduler = shared.scheduler;
        this.dockers = shared.dockers;
        this.file = shared.file;
        this.egress = shared.egress;
        this.timedClients = shared.timedClients;
        this.channels = shared.channels;
        this.agents = requireNonNull(agents, "agents").guardedBy(egress);
    }

    /**
     * Closes every connection these probes opened that is still open, kept alive between checks or still in a
     * check, and every one they open from now on; the probes made from them ({@link #withAgentClient}) share them.
     * Call it once the monitors that use them have stopped, as the service does when it shuts down. Without it, the
     * kept connections of an embedder that stops its monitors but not its JVM would stay open until their idle time
     * runs out, and a connection still being opened (a stalled TLS handshake) until its timeout, which never fires
     * once the event loops are shut down.
     */
    public void dispose() {
        keptPool.dispose();
        http1.dispose();
        channels.close();
    }

    /** Closes the kept connections of {@code http://} checks idle for longer than {@link #KEPT_IDLE} at a time. */
    void sweepKeptConnections(long nowNanos) {
        http1.sweep(nowNanos);
    }

    /**
     * Returns probes that share these clients but reach agents through {@code client}, such as one presenting
     * a client certificate for mutual TLS.
     */
    public Probes withAgentClient(AgentClient client) {
        return new Probes(this, client);
    }

    /**
     * Returns the probe for {@code target} configured by {@code config}, chosen by the scheme of its URL.
     *
     * @throws InvalidConfigException for the field {@code url}, attributed to {@code monitorName}, when the
     *         scheme is not one of those accepted or the URL has no host (only {@code file:} URLs have none)
     */
    public Probe probeFor(String monitorName, Target target, HealthCheckConfig config) {
        requireNonNull(monitorName, "monitorName");
        requireNonNull(target, "target");
        requireNonNull(config, "config");
        try {
            // the seed's selection flow: agent, then docker, then the URL's own kind; the URL is validated in
            // every case, since the agent checks it remotely and Docker falls back to it
            Probe direct = direct(target.url(), config);
            URI agent = target.agent();
            if (agent != null) {
                return AgentProbe.create(agent, config, agents);
            }
            Target.DockerTarget docker = target.docker();
            if (docker != null) {
                return DockerProbe.create(docker, config, direct, docker(docker.host()), scheduler);
            }
            return direct;
        }
        catch (InvalidConfigException e) {
            throw e.forMonitor(monitorName);
        }
    }

    /**
     * Returns a probe of {@code http://} and {@code https://} URLs over HTTP/1.1: the seed's HTTP monitor. TLS
     * certificates are verified only with {@code tlsVerify}.
     */
    public Probe http(HealthCheckConfig config) {
        if (config.reuseConnection()) {
            return HttpProbe.keptHttp1(timed(keptHttp, config), timed(config.tlsVerify() ? keptVerifyingTls
                    : keptInsecureTls, config), this::request, http1, config, clock, scheduler);
        }
        return HttpProbe.http1(timed(http, config), timed(config.tlsVerify() ? verifyingTls : insecureTls, config),
                this::request, config, clock, scheduler);
    }

    /** Returns a probe that speaks HTTP/2 with prior knowledge to {@code h2c://} or {@code http://} URLs. */
    public Probe h2c(HealthCheckConfig config) {
        return HttpProbe.h2c(timed(config.reuseConnection() ? keptH2c : h2c, config), this::request, config, clock,
                scheduler);
    }

    /** Returns a probe of {@code file:///path} URLs: the seed's file server monitor. */
    public Probe file(HealthCheckConfig config) {
        requireNonNull(config, "config");
        return file;
    }

    /**
     * Returns the client of the Docker daemon at {@code host} ({@code null}: {@code DOCKER_HOST} or the default
     * socket), created on first use and shared afterwards by every Docker probe of these probes on that daemon.
     *
     * @throws InvalidConfigException naming {@code docker.host} when the address is not supported
     */
    public DockerClient docker(@Nullable URI host) {
        URI resolved = DockerClient.resolveHost(host);
        DockerClient existing = dockers.get(resolved);
        return existing != null ? existing : dockers.computeIfAbsent(resolved,
                daemon -> DockerClient.create(daemon, egress.guard(HttpClient.create())));
    }

    /**
     * Returns a probe of {@code tcp}, {@code tcp4}, {@code tcp6}, {@code udp}, {@code udp4} and {@code udp6}
     * URLs, picking TCP or UDP by the scheme of each URL it checks: the seed's stream monitor.
     */
    public Probe stream(HealthCheckConfig config) {
        Map<Endpoint.Family, TcpClient> timedTcp = Map.of(
                Endpoint.Family.ANY, timed(tcp.get(Endpoint.Family.ANY), config),
                Endpoint.Family.IPV4, timed(tcp.get(Endpoint.Family.IPV4), config),
                Endpoint.Family.IPV6, timed(tcp.get(Endpoint.Family.IPV6), config));
        return new StreamProbe(new TcpProbe(timedTcp, config, scheduler), new UdpProbe(udp, config, scheduler));
    }

    /**
     * Returns {@code client} with the config's timeout as its connect timeout, built once per client and timeout
     * and shared: a client's configuration is a copy of some kilobytes (its headers, options and attributes), which
     * 10,000 monitors would otherwise each hold twice.
     */
    @SuppressWarnings("unchecked")
    private <T extends ClientTransport<T, ?>> T timed(T client, HealthCheckConfig config) {
        int millis = (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
        // the clients compare by identity: one entry per client and timeout
        return (T) timedClients.computeIfAbsent(List.of(client, millis),
                key -> client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis));
    }

    // a client's request of one method, shared as the clients are: it is a copy of the client's configuration
    private HttpClient.RequestSender request(HttpClient client, HttpMethod method) {
        // the clients compare by identity, the methods by name
        return (HttpClient.RequestSender) timedClients.computeIfAbsent(List.of(client, method),
                key -> client.request(method));
    }

    // the probes that check a URL themselves; the agent and Docker probes wrap these
    private Probe direct(URI url, HealthCheckConfig config) {
        String scheme = Endpoint.scheme(url);
        if (scheme.isEmpty()) {
            throw new InvalidConfigException("url", "'" + url + "' has no scheme (expected: " + ACCEPTED + ")");
        }
        if (scheme.equals("file")) {
            try {
                FileProbe.pathOf(url);
            }
            catch (IllegalArgumentException e) {
                throw new InvalidConfigException("url", "'" + url + "' is not a local file URL: " + e.getMessage()
                        + " (expected: such as file:///srv/www)");
            }
            return file(config);
        }
        if (!scheme.equals("h2c") && !scheme.equals("http") && !scheme.equals("https")
                && !STREAM_SCHEMES.contains(scheme)) {
            throw new InvalidConfigException("url", "unsupported scheme '" + scheme + "' in '" + url
                    + "' (expected: " + ACCEPTED + ")");
        }
        if (Endpoint.hostOf(url).isEmpty()) {
            throw new InvalidConfigException("url", "'" + url + "' has no host (expected: such as "
                    + scheme + "://localhost:8080)");
        }
        if (scheme.equals("h2c")) {
            return h2c(config);
        }
        return scheme.startsWith("http") ? http(config) : stream(config);
    }

    private static HttpClient client(ConnectionProvider provider, UnaryOperator<NameResolverSpec> resolver,
            EgressPolicy egress, ProbeChannels channels) {
        return egress.guard(channels.track(HttpClient.create(provider))
                // the connection a request is sent on is its check's, which closes it if it is cancelled
                .doOnRequest(CheckConnections::sending)
                .resolver(spec -> resolver.apply(spec))
                // the decoder's buffer for a line of the status or a header, which each kept connection holds for
                // its life: 128 bytes by default; it grows to the longest line it meets
                .httpResponseDecoder(spec -> spec.initialBufferSize(DECODER_BUFFER))
                .headers(headers -> headers
                        .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
                        .set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY)
                        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)));
    }

    private static HttpClient insecure(HttpClient client) {
        return handshakeWithinTimeout(client.secure(spec -> spec
                .sslContext(Http11SslContextSpec.forClient()
                        .configure(builder -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE)))
                .handlerConfigurator(Probes::skipHostnameVerification)));
    }

    private static HttpClient verifying(HttpClient client) {
        return handshakeWithinTimeout(client.secure(spec -> spec.sslContext(Http11SslContextSpec.forClient())));
    }

    // a TLS handshake gives up after the check's timeout (which HttpProbe sets as the connect timeout), not after
    // Reactor Netty's 10 s: a check cancelled while a pooled connection's handshake stalls cannot close that
    // connection, so without this every timed-out check of a stalling target left one open for seconds
    private static HttpClient handshakeWithinTimeout(HttpClient client) {
        return client.doOnChannelInit((observer, channel, address) -> {
            SslHandler ssl = channel.pipeline().get(SslHandler.class);
            Integer timeout = channel.config().getOption(ChannelOption.CONNECT_TIMEOUT_MILLIS);
            if (ssl != null && timeout != null && timeout > 0) {
                ssl.setHandshakeTimeoutMillis(timeout);
            }
        });
    }

    // one client per address family a stream scheme can ask for: tcp, tcp4, tcp6 (udp alike)
    private static <T extends ClientTransport<T, C>, C extends ClientTransportConfig<C>>
            Map<Endpoint.Family, T> byFamily(T base, UnaryOperator<NameResolverSpec> resolver, EgressPolicy egress) {
        return Map.of(
                Endpoint.Family.ANY, egress.guard(base.resolver(spec -> resolver.apply(spec))),
                Endpoint.Family.IPV4, egress.guard(base.resolver(spec -> resolver.apply(spec)
                        .resolvedAddressTypes(ResolvedAddressTypes.IPV4_ONLY))),
                Endpoint.Family.IPV6, egress.guard(base.resolver(spec -> resolver.apply(spec)
                        .resolvedAddressTypes(ResolvedAddressTypes.IPV6_ONLY))));
    }

    // without verification, a certificate issued for another name is as acceptable as an untrusted one
    private static void skipHostnameVerification(SslHandler handler) {
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(null);
        engine.setSSLParameters(parameters);
    }

    private static String version() {
        String version = Probes.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "dev" : version;
    }
}
