package dev.healthmon.core.probe;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;
import reactor.netty.ReactorNetty;
import reactor.netty.http.client.HttpClientRequest;
import reactor.util.context.ContextView;

/**
 * The connections of one check: those opened for it, and the one it sends its request on. When the check is
 * cancelled (its timeout fired, or its monitor stopped) they are closed, whatever state they are in: still
 * connecting, in a stalled TLS handshake, waiting for an answer or reading a body, an HTTP/2 connection whose
 * peer never answered. A check that ends by itself leaves them be: a kept-alive connection goes back to its pool.
 *
 * <p>Why: Reactor Netty closes a connection whose response a cancelled request waits for, but not one that is
 * still being opened (it is the pool's, or its handshake's, until then; it stayed open until its connect or
 * handshake timeout, and for good once the service's event loops were shut down), nor an HTTP/2 connection,
 * whose cancelled stream only is reset. Against targets that accept and never answer, every timed-out check left
 * one behind.
 *
 * <p>How a connection is told to its check: the check puts its {@code CheckConnections} in its subscriber context
 * ({@link #in}); Reactor Netty gives a connection it opens the context of the check it opens it for, which the
 * handler {@link #TRACKER}, in every probe connection's pipeline, reads when the connection starts to connect; and
 * {@link #sending} reads it from a request as it is sent.
 */
final class CheckConnections {

    /** Where a check's {@code CheckConnections} is in its subscriber context. */
    static final Class<CheckConnections> KEY = CheckConnections.class;

    /** Tells each connection, as it starts to connect, to the check it is opened for; one for every channel. */
    static final ChannelHandler TRACKER = new Tracker();

    /**
     * Returns {@code check} with a new {@code CheckConnections} in its context, whose connections close when the
     * returned {@code Mono} is cancelled.
     */
    static <T> Mono<T> in(Mono<T> check) {
        return Mono.defer(() -> {
            CheckConnections connections = new CheckConnections();
            // closed once the cancel has reached the check, not before (doOnCancel's hook runs first): a kept-alive
            // check whose connection closed under it goes once more on another, and a close seen before the cancel
            // opened that other connection as its monitor stopped (CheckConnectionsTest, 8 accepted of 7)
            return check.doFinally(signal -> {
                        if (signal == SignalType.CANCEL) {
                            connections.close();
                        }
                    })
                    .contextWrite(context -> context.put(KEY, connections));
        });
    }

    /** Tells the connection {@code request} is sent on to the check that sends it; a client's request hook. */
    static void sending(HttpClientRequest request, Connection connection) {
        opened(request.currentContextView(), connection.channel());
    }

    // the channels, in the order they were told; null once the check was cancelled
    private List<Channel> channels = new ArrayList<>(1);

    // a context without one is a connection opened outside a check: nobody closes it early
    private static void opened(ContextView context, Channel channel) {
        context.getOrEmpty(KEY).ifPresent(check -> ((CheckConnections) check).opened(channel));
    }

    private void opened(Channel channel) {
        synchronized (this) {
            if (channels != null) {
                channels.add(channel);
                return;
            }
        }
        // the check was cancelled before its connection started to connect
        Connections.closeLater(channel);
    }

    private void close() {
        List<Channel> opened;
        synchronized (this) {
            opened = channels;
            channels = null;
        }
        if (opened != null) {
            // an HTTP/2 stream's close resets the stream: its connection closes only if this check opened it
            opened.forEach(Connections::closeLater);
        }
    }

    /** Reads the check a connection is opened for from the context Reactor Netty left on it, at connect. */
    @ChannelHandler.Sharable
    private static final class Tracker extends ChannelOutboundHandlerAdapter {

        @Override
        public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local,
                ChannelPromise promise) throws Exception {
            ContextView context = ReactorNetty.getChannelContext(ctx.channel());
            if (context != null) {
                opened(context, ctx.channel());
            }
            super.connect(ctx, remote, local, promise);
        }
    }
}
