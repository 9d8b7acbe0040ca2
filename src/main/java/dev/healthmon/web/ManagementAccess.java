package dev.healthmon.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Guards the management endpoints (DESIGN section 13), in this order:
 * <ol>
 * <li>with a token, a request needs {@code Authorization: Bearer <token>} (401 otherwise); without one, only a
 *     loopback client is answered (403 otherwise, saying how to set a token);</li>
 * <li>a state-changing request ({@code POST}, {@code PUT}, {@code DELETE}, {@code PATCH}) needs
 *     {@code Content-Type: application/json}, even without a body, unless it carries the valid token and no body:
 *     a cross-site form can send neither that type nor the header (415 otherwise);</li>
 * <li>a body is at most {@code maxBody} bytes, declared or streamed (413 otherwise).</li>
 * </ol>
 * Every refusal is JSON: {@code {"error": ...}}.
 */
public final class ManagementAccess implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    /** The default bound of a request body: 64 KiB, far above any monitor's JSON. */
    public static final int DEFAULT_MAX_BODY = 64 * 1024;

    static final String LOOPBACK_ONLY = "management is answered only to loopback clients while no token is set: "
            + "set healthmon.api.token (or the environment variable HEALTHMON_TOKEN) and send "
            + "\"Authorization: Bearer <token>\"";

    private final byte @Nullable [] token;
    private final int maxBody;

    private ManagementAccess(@Nullable String token, int maxBody) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        if (maxBody < 1) {
            throw new IllegalArgumentException("maxBody: " + maxBody + " (expected: >= 1)");
        }
        this.maxBody = maxBody;
    }

    /** Returns the guard for {@code token} ({@code null} or blank: loopback clients only) and bodies of 64 KiB. */
    public static ManagementAccess create(@Nullable String token) {
        return new ManagementAccess(token, DEFAULT_MAX_BODY);
    }

    /** Returns the guard for {@code token} and bodies of at most {@code maxBody} bytes. */
    public static ManagementAccess create(@Nullable String token, int maxBody) {
        return new ManagementAccess(token, maxBody);
    }

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        boolean bearer = false;
        if (token != null) {
            if (!matches(request.headers().firstHeader(HttpHeaders.AUTHORIZATION))) {
                return ServerResponse.status(HttpStatus.UNAUTHORIZED)
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(ErrorView.of("missing or invalid bearer token (set Authorization: Bearer "
                                + "<healthmon.api.token>)"));
            }
            bearer = true;
        }
        else if (!loopback(request.remoteAddress().orElse(null))) {
            return refuse(HttpStatus.FORBIDDEN, LOOPBACK_ONLY);
        }
        long declared = request.headers().contentLength().orElse(-1L);
        if (declared > maxBody) {
            return tooLarge();
        }
        boolean body = declared > 0 || request.headers().firstHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (changesState(request.method()) && !json(request) && (!bearer || body)) {
            return refuse(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type: application/json is required, even "
                    + "without a body" + (token == null ? "" : ", unless the request has the bearer token and no body"));
        }
        if (!body) {
            return next.handle(request);
        }
        ServerRequest bounded = ServerRequest.from(request)
                .body(bounded(request.body(BodyExtractors.toDataBuffers())))
                .build();
        return next.handle(bounded)
                .onErrorResume(BodyTooLarge.class, e -> tooLarge());
    }

    /** Returns whether {@code address} is a loopback address; an unknown client is not. */
    static boolean loopback(@Nullable InetSocketAddress address) {
        if (address == null) {
            return false;
        }
        InetAddress ip = address.getAddress();
        return ip != null && ip.isLoopbackAddress();
    }

    private Flux<DataBuffer> bounded(Flux<DataBuffer> body) {
        long[] seen = {0};
        // the counter is touched by one body subscription only, on its connection's event loop
        return body.handle((buffer, sink) -> {
            seen[0] += buffer.readableByteCount();
            if (seen[0] > maxBody) {
                DataBufferUtils.release(buffer);
                sink.error(new BodyTooLarge());
                return;
            }
            sink.next(buffer);
        });
    }

    private Mono<ServerResponse> tooLarge() {
        return refuse(HttpStatus.CONTENT_TOO_LARGE, "request body over " + maxBody + " bytes (a monitor's JSON is "
                + "far smaller)");
    }

    private static Mono<ServerResponse> refuse(HttpStatus status, String error) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ErrorView.of(error));
    }

    private static boolean changesState(HttpMethod method) {
        return method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.DELETE)
                || method.equals(HttpMethod.PATCH);
    }

    private static boolean json(ServerRequest request) {
        try {
            return request.headers().contentType()
                    .map(type -> type.getType().equals("application") && type.getSubtype().equals("json"))
                    .orElse(false);
        }
        catch (InvalidMediaTypeException ignored) {
            // a Content-Type that does not parse is not JSON
            return false;
        }
    }

    private boolean matches(@Nullable String header) {
        if (token == null || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        // constant time, so the token cannot be guessed byte by byte from response times
        return MessageDigest.isEqual(given, token);
    }

    /** A body went past the bound while it was read. */
    private static final class BodyTooLarge extends RuntimeException {

        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("request body too large", null, false, false);
        }
    }
}
