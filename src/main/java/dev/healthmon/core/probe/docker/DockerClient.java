package dev.healthmon.core.probe.docker;

import static java.util.Objects.requireNonNull;

import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.probe.Bodies;
import dev.healthmon.core.probe.Failures;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * A client of one Docker daemon's Engine API, over a unix domain socket ({@code unix:///var/run/docker.sock}) or
 * TCP ({@code tcp://127.0.0.1:2375}). Immutable and thread-safe: create one per daemon and share it between the
 * {@link DockerProbe}s of all containers on that daemon; {@code Probes.docker(host)} does that.
 *
 * <pre>{@code
 * DockerClient docker = DockerClient.create(null);   // DOCKER_HOST, or the default socket
 * Probe probe = DockerProbe.create(new Target.DockerTarget("web", null), config, httpProbe, docker,
 *         Schedulers.parallel());
 * }</pre>
 */
public final class DockerClient {

    /** The daemon address used when neither the monitor nor {@code DOCKER_HOST} names one. */
    public static final URI DEFAULT_HOST = URI.create("unix:///var/run/docker.sock");

    // the JSON of one inspected container is a few KiB; this bound only stops a runaway answer
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final URI host;
    private final HttpClient http;

    private DockerClient(URI host, HttpClient http) {
        this.host = host;
        this.http = http;
    }

    /**
     * Returns a new client of the daemon at {@code host}; {@code null} means the {@code DOCKER_HOST} environment
     * variable, or {@link #DEFAULT_HOST} when it is not set.
     *
     * @throws InvalidConfigException naming {@code docker.host} when the address is neither {@code unix://} nor
     *         {@code tcp://} (or {@code http://})
     */
    public static DockerClient create(@Nullable URI host) {
        return create(resolveHost(host), HttpClient.create());
    }

    /**
     * Returns a new client of the daemon at {@code host} built on {@code base}, which chooses the event loops and
     * the transport (native or NIO; both reach unix sockets).
     *
     * @throws InvalidConfigException naming {@code docker.host} when the address is not supported
     */
    public static DockerClient create(URI host, HttpClient base) {
        requireNonNull(host, "host");
        requireNonNull(base, "base");
        String scheme = host.getScheme() == null ? "" : host.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "unix":
                String path = host.getPath();
                if (path == null || path.isEmpty()) {
                    throw new InvalidConfigException("docker.host", "'" + host + "' names no socket path");
                }
                return new DockerClient(host, base.remoteAddress(() -> socketAddress(path, base)));
            case "tcp":
            case "http":
                if (host.getHost() == null || host.getPort() < 0) {
                    throw new InvalidConfigException("docker.host", "'" + host + "' needs a host and a port");
                }
                return new DockerClient(host, base.baseUrl("http://" + host.getHost() + ":" + host.getPort()));
            default:
                throw new InvalidConfigException("docker.host", "unsupported daemon address '" + host
                        + "' (expected: unix:///path/to/docker.sock or tcp://host:port)");
        }
    }

    /** Returns the daemon's address, such as {@code unix:///var/run/docker.sock}. */
    public URI host() {
        return host;
    }

    @Override
    public String toString() {
        return "DockerClient[" + host + "]";
    }

    /**
     * Returns a cold {@code Mono} that asks the daemon about {@code container} once and emits what it says:
     * {@link DockerInspection.Found} or, on HTTP 404, {@link DockerInspection.Missing}. It completes on the
     * client's event loop. A daemon that cannot be reached, or that answers with another status or a body that is
     * not the expected JSON, signals a {@link DockerDaemonException}. Cancelling it closes the request.
     */
    Mono<DockerInspection> inspect(String container) {
        String uri = "/containers/" + PathSegments.encode(container) + "/json";
        return http.get()
                .uri(uri)
                .response((response, body) -> Bodies.readAtMost(body, MAX_BODY_BYTES)
                        .map(text -> interpret(response.status(), text)))
                .next()
                .onErrorMap(e -> !(e instanceof DockerDaemonException) && e instanceof Exception,
                        e -> new DockerDaemonException("docker daemon " + host + " unreachable: " + Failures.message(e),
                                e));
    }

    /**
     * Returns the daemon address a client of {@code host} talks to: {@code host} when given, else the
     * {@code DOCKER_HOST} environment variable when set, else {@link #DEFAULT_HOST}.
     *
     * @throws InvalidConfigException naming {@code DOCKER_HOST} when it is not a URI
     */
    public static URI resolveHost(@Nullable URI host) {
        return resolveHost(host, System.getenv("DOCKER_HOST"));
    }

    /**
     * Returns the daemon address to use: {@code host} when given, else {@code dockerHostEnv} when set, else
     * {@link #DEFAULT_HOST}.
     */
    static URI resolveHost(@Nullable URI host, @Nullable String dockerHostEnv) {
        if (host != null) {
            return host;
        }
        if (dockerHostEnv != null && !dockerHostEnv.isBlank()) {
            try {
                return new URI(dockerHostEnv.strip());
            }
            catch (java.net.URISyntaxException e) {
                throw new InvalidConfigException("DOCKER_HOST", "'" + dockerHostEnv + "' is not a URI: "
                        + e.getReason());
            }
        }
        return DEFAULT_HOST;
    }

    private DockerInspection interpret(HttpResponseStatus status, String body) {
        if (status.code() == 200) {
            try {
                return DockerInspection.parse(body);
            }
            catch (DockerDaemonException e) {
                throw new DockerDaemonException("docker daemon " + host + " answered " + e.getMessage(), e);
            }
        }
        if (status.code() == 404) {
            return new DockerInspection.Missing(DockerInspection.message(body));
        }
        throw new DockerDaemonException("docker daemon " + host + " answered HTTP " + status.code() + " "
                + status.reasonPhrase() + ": " + DockerInspection.message(body));
    }

    private static SocketAddress socketAddress(String path, HttpClient client) {
        // a native transport (epoll) connects to Netty's address type, NIO (Java 16+) to the JDK's
        return client.configuration().isPreferNative() && LoopResources.hasNativeSupport()
                ? new DomainSocketAddress(path)
                : UnixDomainSocketAddress.of(path);
    }

    /** Percent-encodes one path segment, so a container name cannot change the request's path. */
    private static final class PathSegments {

        private PathSegments() {
        }

        static String encode(String segment) {
            StringBuilder out = new StringBuilder();
            for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' || c == '~') {
                    out.append((char) c);
                }
                else {
                    out.append('%').append(String.format("%02X", c));
                }
            }
            return out.toString();
        }
    }
}
