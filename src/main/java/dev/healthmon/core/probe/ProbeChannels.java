package dev.healthmon.core.probe;

import java.util.function.Consumer;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.netty.transport.ClientTransport;

/**
 * Every connection the probes' clients opened that is still open, kept alive between checks or still in a check,
 * so that {@link Probes#dispose} can close them all; and the hook that tells each to its check
 * ({@link CheckConnections}).
 *
 * <p>Why all of them: disposing the pool closes only the kept connections that sit idle in it. A connection in a
 * check, or still being opened for one (a stalled TLS handshake), stayed open until its check's cancel reached it
 * or its timeout fired, and once the service's event loops were shut down that timer never fired.
 */
final class ProbeChannels {

    private final ChannelGroup open = new DefaultChannelGroup("healthmon-probes", GlobalEventExecutor.INSTANCE);
    private volatile boolean closed;

    /** Returns {@code client}, whose every connection joins these and tells its check it was opened for it. */
    <T extends ClientTransport<T, ?>> T track(T client) {
        return client.doOnChannelInit((observer, channel, address) -> {
            channel.pipeline().addFirst(CheckConnections.TRACKER);
            open.add(channel);
            if (closed) {
                // opened after the close, as a client retrying a request whose connection it closed does
                channel.close();
            }
        });
    }

    /** Joins {@code channel}, as a tracked client does with each of its own; closed at once after {@link #close}. */
    void add(Channel channel) {
        open.add(channel);
        if (closed) {
            channel.close();
        }
    }

    /** Calls {@code action} with each connection open now. */
    void forEach(Consumer<Channel> action) {
        open.forEach(action);
    }

    /** Closes every connection open now and every one opened from now on; the closes complete on their loops. */
    void close() {
        closed = true;
        ChannelGroupFuture ignored = open.close();
    }
}
