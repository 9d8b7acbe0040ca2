package dev.healthmon.core.probe;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import dev.healthmon.core.model.HealthCheckResult;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The last handler of a kept-alive HTTP/1.1 connection ({@link KeptHttp1}): writes a check's request and judges
 * its response, one check at a time. Everything here runs on the connection's event loop.
 *
 * <p>The result is judged at the response's headers and given once the body is read: at most
 * {@value HttpProbe#MAX_DRAINED} bytes for at most the drain time, after which the connection is closed instead of
 * kept, so that a long or endless body never delays the result by more than that. A connection closed or reset
 * before any byte of the response came back, when it had served a check already, is the target closing a kept
 * connection: the check goes once more on a new connection ({@link Check#retry}).
 */
final class Http1Exchange extends ChannelInboundHandlerAdapter {

    /** What a connection's handler needs of the check it serves; called on the connection's loop. */
    interface Check {

        /** The encoded request, a buffer of its own to write (a duplicate of the one kept). */
        Object request();

        /** Judges the response's status, at its headers. */
        HealthCheckResult judge(HttpResponse response);

        /** How long, in milliseconds, the body is read before the connection is closed instead. */
        long drainMillis();

        /** The check is done: {@code keep} when the connection can serve the next one, closed otherwise. */
        void answered(Http1Exchange exchange, HealthCheckResult result, boolean keep);

        /** The check could not get a response. */
        void failed(Throwable error);

        /** The kept connection was closed under the check: go once more, on a new one. */
        void retry();
    }

    private final Channel channel;
    private @Nullable Check check;
    private boolean reused;
    private boolean received;
    private @Nullable HealthCheckResult result;
    private boolean keepAlive;
    private long drained;
    private @Nullable ScheduledFuture<?> drainTimer;
    // System.nanoTime when the last check ended; 0 while one runs. Written on the loop, read by the sweep
    private volatile long idleSince;

    Http1Exchange(Channel channel) {
        this.channel = channel;
    }

    /** Returns the response decoder of a connection whose checks use {@code method} ({@code HEAD}: no body). */
    static HttpResponseDecoder decoder(boolean head) {
        HttpDecoderConfig config = new HttpDecoderConfig().setInitialBufferSize(Probes.DECODER_BUFFER);
        return head ? new HeadResponseDecoder(config) : new HttpResponseDecoder(config);
    }

    Channel channel() {
        return channel;
    }

    /** Writes the request of {@code next} on this connection, {@code reused} when it served a check before. */
    void start(Check next, boolean reused) {
        this.check = next;
        this.reused = reused;
        this.received = false;
        this.result = null;
        this.drained = 0;
        this.idleSince = 0;
        // a failed write reaches exceptionCaught
        channel.writeAndFlush(next.request(), channel.voidPromise());
    }

    /** Returns whether no check has run here for longer than {@code idleNanos} at {@code nowNanos}. */
    boolean idleLongerThan(long nowNanos, long idleNanos) {
        long since = idleSince;
        return since != 0 && nowNanos - since > idleNanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            Check current = check;
            if (current == null) {
                // nothing was asked: whatever this is, the connection is not one to keep
                Connections.closeLater(channel);
                return;
            }
            received = true;
            DecoderResult decoded = ((HttpObject) msg).decoderResult();
            if (decoded.isFailure()) {
                // what the decoder says may quote the target's bytes: a DecoderException is told by its name only
                Throwable cause = decoded.cause();
                fail(cause instanceof DecoderException ? cause : new DecoderException(cause));
                return;
            }
            if (msg instanceof HttpResponse response
                    // an interim 1xx answer (not 101) is followed by the response itself
                    && (response.status().codeClass() != HttpStatusClass.INFORMATIONAL
                            || response.status().code() == 101)) {
                result = current.judge(response);
                keepAlive = HttpUtil.isKeepAlive(response) && response.status().code() != 101;
            }
            if (msg instanceof HttpContent content && result != null) {
                drained += content.content().readableBytes();
                if (content instanceof LastHttpContent) {
                    answer(keepAlive);
                }
                else if (drained > HttpProbe.MAX_DRAINED) {
                    answer(false);
                }
            }
        }
        finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Check current = check;
        if (current != null && result != null && drainTimer == null) {
            // the headers are in, the body is not: it has the drain time to come
            drainTimer = ctx.executor().schedule(() -> {
                drainTimer = null;
                if (check == current) {
                    answer(false);
                }
            }, current.drainMillis(), TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Check current = check;
        if (current != null) {
            if (result != null) {
                // a body that ends with the connection
                answer(false);
            }
            else {
                ended(current, new ClosedBeforeResponseException());
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Check current = check;
        if (current == null) {
            Connections.closeLater(channel);
        }
        else if (result != null) {
            answer(false);
        }
        else {
            Connections.closeLater(channel);
            ended(current, cause);
        }
    }

    private void ended(Check current, Throwable cause) {
        done();
        if (reused && !received && cause instanceof IOException) {
            current.retry();
        }
        else {
            current.failed(cause);
        }
    }

    private void fail(Throwable cause) {
        Check current = check;
        Connections.closeLater(channel);
        if (current != null) {
            done();
            current.failed(cause);
        }
    }

    private void answer(boolean keep) {
        Check current = check;
        HealthCheckResult judged = result;
        if (current == null || judged == null) {
            return;
        }
        done();
        boolean kept = keep && channel.isActive();
        if (kept) {
            idleSince = System.nanoTime();
        }
        else {
            Connections.closeLater(channel);
        }
        current.answered(this, judged, kept);
    }

    private void done() {
        check = null;
        result = null;
        ScheduledFuture<?> timer = drainTimer;
        if (timer != null) {
            drainTimer = null;
            timer.cancel(false);
        }
    }

    /** A response to {@code HEAD} has no body, whatever its headers say. */
    private static final class HeadResponseDecoder extends HttpResponseDecoder {

        HeadResponseDecoder(HttpDecoderConfig config) {
            super(config);
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage message) {
            return true;
        }
    }

    /** The connection closed before a response came: {@code "connection closed before the response"}. */
    static final class ClosedBeforeResponseException extends IOException {

        private static final long serialVersionUID = 1L;

        ClosedBeforeResponseException() {
            super("connection closed before the response");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            // where it was made says nothing: it is made in one place, when a connection closes
            return this;
        }
    }
}
