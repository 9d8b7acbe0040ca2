package dev.healthmon.web;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import reactor.core.publisher.Mono;

/**
 * Serves the dashboard's files, every file under a class-path folder ({@code static/}) at its path, and
 * {@code index.html} at {@code /} too, from memory: read, hashed and gzipped once when the routes are built. Each
 * answer carries {@code Cache-Control: no-cache} (a new version of the jar never mixes with modules cached from the
 * old one), {@code Last-Modified} and a weak {@code ETag}, so a browser's revalidation is a 304; the gzipped bytes go
 * to a client that takes gzip ({@code Vary: Accept-Encoding}). {@code GET} and {@code HEAD} only; another method is
 * 405.
 *
 * <p>Why not Spring's resource handler with {@code server.compression}: it looked each file up in the jar and read
 * it, and Netty gzipped it again, on every request; and all of that code (the resource chain, the compressor, zlib)
 * ran for the first time on the first visitor's request. Here the work is done before the service listens, a
 * request is a map lookup, and one request (the start-up's {@code GET /}) runs the path that every file takes.
 *
 * <pre>{@code
 * RouterFunction<ServerResponse> files = StaticFiles.create("static");   // reads the class path: call while wiring
 * }</pre>
 */
public final class StaticFiles {

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final CacheControl NO_CACHE = CacheControl.noCache();
    private static final String GZIP = "gzip";

    private final Map<String, StaticFile> files;

    private StaticFiles(Map<String, StaticFile> files) {
        this.files = Map.copyOf(files);
    }

    /**
     * Returns the routes of every file under {@code location} on the class path, read now (blocking: call it while
     * wiring, not on an event loop); {@code location/index.html}, when there is one, is served at {@code /} too.
     *
     * @throws UncheckedIOException when the files cannot be read
     */
    public static RouterFunction<ServerResponse> create(String location) {
        requireNonNull(location, "location");
        return new StaticFiles(read(location)).routes();
    }

    // one route over every file, which says so to a visitor (a route listing reads "/{*file}"); any method reaches
    // the handler, so that a file's path answers another method with a 405 and not with a 404
    private RouterFunction<ServerResponse> routes() {
        RequestPredicate isFile = request -> files.containsKey(request.path());
        return RouterFunctions.route(RequestPredicates.path("/{*file}").and(isFile),
                request -> serve(request, files.get(request.path())));
    }

    private static Mono<ServerResponse> serve(ServerRequest request, StaticFile file) {
        if (!READS.contains(request.method())) {
            return Mono.error(new MethodNotAllowedException(request.method(), READS));
        }
        if (notModified(request.headers().asHttpHeaders(), file)) {
            return headers(ServerResponse.status(HttpStatus.NOT_MODIFIED), file).build();
        }
        boolean gzip = file.gzipped() != null && acceptsGzip(request.headers().header(HttpHeaders.ACCEPT_ENCODING));
        byte[] body = file.body(gzip);
        ServerResponse.BodyBuilder response = headers(ServerResponse.ok(), file)
                .contentType(file.mediaType())
                .contentLength(body.length);
        if (gzip) {
            response.header(HttpHeaders.CONTENT_ENCODING, GZIP);
        }
        return response.bodyValue(body);
    }

    // what a 304 must repeat of the 200 it stands for (RFC 9110, 15.4.5)
    private static ServerResponse.BodyBuilder headers(ServerResponse.BodyBuilder response, StaticFile file) {
        response.cacheControl(NO_CACHE)
                .eTag(file.etag())
                .lastModified(file.lastModified());
        if (file.gzipped() != null) {
            response.varyBy(HttpHeaders.ACCEPT_ENCODING);
        }
        return response;
    }

    // If-None-Match decides when it is there (RFC 9110, 13.2.2); its comparison is the weak one
    static boolean notModified(HttpHeaders headers, StaticFile file) {
        List<String> ifNoneMatch = headers.getOrEmpty(HttpHeaders.IF_NONE_MATCH);
        if (!ifNoneMatch.isEmpty()) {
            ETag current = ETag.create(file.etag());
            return ifNoneMatch.stream()
                    .flatMap(value -> ETag.parse(value).stream())
                    .anyMatch(tag -> tag.isWildcard() || tag.compare(current, false));
        }
        long since = headers.getIfModifiedSince();
        return since >= 0 && file.lastModified().getEpochSecond() <= since / 1000;
    }

    // "gzip", "x-gzip" or "*", unless its weight is 0 (RFC 9110, 12.5.3)
    static boolean acceptsGzip(List<String> acceptEncoding) {
        boolean any = false;
        for (String header : acceptEncoding) {
            for (String element : header.split(",")) {
                String[] parts = element.split(";");
                String coding = parts[0].trim();
                boolean wanted = !zeroWeight(parts);
                if (coding.equalsIgnoreCase(GZIP) || coding.equalsIgnoreCase("x-gzip")) {
                    return wanted;
                }
                any |= coding.equals("*") && wanted;
            }
        }
        return any;
    }

    private static boolean zeroWeight(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].trim();
            if (parameter.regionMatches(true, 0, "q=", 0, 2)) {
                try {
                    return Double.parseDouble(parameter.substring(2).trim()) <= 0;
                }
                catch (NumberFormatException ignored) {
                    // a weight that is not a number counts as none given: the default, 1
                    return false;
                }
            }
        }
        return false;
    }

    private static Map<String, StaticFile> read(String location) {
        String folder = location.endsWith("/") ? location : location + "/";
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(
                StaticFiles.class.getClassLoader());
        Map<String, StaticFile> files = new LinkedHashMap<>();
        try {
            String root = resolver.getResource("classpath:" + folder).getURL().toString();
            for (Resource resource : resolver.getResources("classpath:" + folder + "**/*")) {
                String url = resource.getURL().toString();
                if (!url.startsWith(root) || url.endsWith("/") || !resource.isReadable()) {
                    continue;
                }
                String path = "/" + url.substring(root.length());
                MediaType type = MediaTypeFactory.getMediaType(path).orElse(MediaType.APPLICATION_OCTET_STREAM);
                byte[] bytes;
                try (InputStream in = resource.getInputStream()) {
                    bytes = in.readAllBytes();
                }
                files.put(path, StaticFile.of(type, bytes, Instant.ofEpochMilli(resource.lastModified())));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not read the files of classpath:" + folder, e);
        }
        StaticFile index = files.get("/index.html");
        if (index != null) {
            files.put("/", index);
        }
        return files;
    }
}
