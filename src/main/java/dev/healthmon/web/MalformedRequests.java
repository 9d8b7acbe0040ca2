package dev.healthmon.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Answers a request that never reaches a route with the API's JSON error instead of an empty body: a request line
 * or header that Netty cannot decode (a raw space or control character, too long: 400, 414, 431), and a target
 * that is not a URI (a malformed escape such as {@code %ZZ}, a raw {@code "} or {@code |}), which Spring would
 * refuse with an empty 400; and a path with a matrix parameter ({@code ;}), which Spring would strip from a
 * name without a word; and an encoded slash under {@code /actuator/}, on which Spring Boot's health endpoint
 * fails with a 500. The connection is closed after the answer, as it would have been, because what follows
 * on it cannot be trusted to start a request.
 *
 * <p>It sits right after the HTTP codec, on the connection's event loop; it keeps no state but whether it has
 * refused the connection's request, and does no I/O of its own.
 *
 * <pre>{@code
 * HttpServer server = MalformedRequests.guard(HttpServer.create());
 * }</pre>
 */
public final class MalformedRequests extends ChannelInboundHandlerAdapter {

    /** The handler's name in the pipeline. */
    public static final String NAME = "healthmon.malformedRequests";

    private boolean refused;

    private MalformedRequests() {
    }

    /** Returns {@code server} with every HTTP/1.1 connection guarded. */
    public static HttpServer guard(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, new MalformedRequests());
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            // the rest of a refused request, or what came after it on the connection: dropped with it
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String problem = problem(request);
        if (problem == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        refused = true;
        ReferenceCountUtil.release(msg);
        ctx.writeAndFlush(answer(status(request.decoderResult()), problem))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private static @Nullable String problem(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpLineException) {
                return "request line too long (a monitor's name is at most 128 characters)";
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return "request headers too large";
            }
            return "malformed HTTP request (a space or control character in the request line must be %-escaped)";
        }
        String target = request.uri();
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        if (path.indexOf(';') >= 0) {
            // Spring would cut "a;b=c" to the name "a" (a matrix parameter): PUT /api/v1/monitors/a;rm must not
            // create or replace "a"
            return "';' in the path (no route takes matrix parameters; a name never holds one)";
        }
        if (path.startsWith("/actuator/") && path.toLowerCase(Locale.ROOT).contains("%2f")) {
            // Spring Boot's health endpoint throws on a group name holding an encoded slash: a 500, not a 404
            return "'%2F' in an actuator path (no endpoint or health group has a '/' in its name)";
        }
        try {
            new URI(target);
            return null;
        }
        catch (URISyntaxException e) {
            return "request target is not a URI: " + e.getReason() + " at index " + e.getIndex()
                    + " (escape it with %XX)";
        }
    }

    private static HttpResponseStatus status(DecoderResult result) {
        if (result.isFailure() && result.cause() instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (result.isFailure() && result.cause() instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    private static FullHttpResponse answer(HttpResponseStatus status, String problem) {
        byte[] json = ("{\"error\":\"" + problem.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(json));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
