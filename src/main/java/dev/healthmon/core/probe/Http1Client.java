package dev.healthmon.core.probe;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.resolver.AddressResolverGroup;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import reactor.netty.transport.ClientTransportConfig;

/**
 * Opens the kept-alive HTTP/1.1 connections of {@code http://} checks ({@link KeptHttp1}) on Netty's own
 * {@link Bootstrap}, with the event loops, the channel type and the resolver (so the egress policy) of the HTTP
 * client the other probes use; and closes those left unused for {@link Probes#KEPT_IDLE}.
 *
 * <p>Why not Reactor Netty's {@code HttpClient}: a kept-alive check is one request written on a connection that
 * stays open, and one status line read back. Through the client, each check built a request's configuration,
 * header map, subscribers and operators, took the connection from a pool and gave it back: about two thirds of what
 * a check allocated and most of its CPU (BENCHMARKS.md, "A lean kept-alive client"). Here a monitor keeps its
 * connection itself, as Envoy's {@code reuse_connection} does, and a check writes the bytes of its request, encoded
 * once.
 *
 * <p>Every connection joins the probes' {@link ProbeChannels}, so that {@link Probes#dispose} closes it. A
 * monitor removed (or a probe dropped by a reload) leaves its connection idle: a sweep, every minute once there is
 * a connection, closes those idle longer than {@link Probes#KEPT_IDLE}.
 */
final class Http1Client {

    private static final long SWEEP_MINUTES = 1;

    private final EventLoopGroup loops;
    private final Class<? extends SocketChannel> channelType;
    private final AddressResolverGroup<?> resolver;
    private final ProbeChannels channels;
    private final Scheduler scheduler;
    private final long idleNanos;
    // one per connect timeout (the config's timeout, in milliseconds), as the Reactor Netty clients are
    private final Map<Integer, Bootstrap> bootstraps = new ConcurrentHashMap<>();
    private final ChannelInitializer<Channel> tracking;
    private volatile @Nullable Disposable sweep;
    private volatile boolean disposed;

    /**
     * Returns a client on the loops, channel type and resolver of {@code client} (one with its resolver set, as
     * {@code Probes} makes them), joining its connections to {@code channels}, sweeping on {@code scheduler}.
     */
    Http1Client(HttpClient client, ProbeChannels channels, Scheduler scheduler, Duration idle) {
        ClientTransportConfig<?> config = client.configuration();
        this.loops = config.loopResources().onClient(config.isPreferNative());
        this.channelType = config.loopResources().onChannelClass(SocketChannel.class, loops);
        this.resolver = requireNonNull(config.resolver(), "the client's resolver");
        this.channels = requireNonNull(channels, "channels");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.idleNanos = idle.toNanos();
        this.tracking = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                Http1Client.this.channels.add(channel);
            }
        };
    }

    /** The event loops checks start on when they open a connection. */
    EventLoopGroup loops() {
        return loops;
    }

    /**
     * Starts to open a connection to {@code address} (unresolved: the guarded resolver resolves it, and refuses
     * what the egress policy denies) within {@code connectMillis}; call it on an event loop, whose channel it gets.
     */
    ChannelFuture connect(InetSocketAddress address, int connectMillis) {
        sweepFromNowOn();
        return bootstraps.computeIfAbsent(connectMillis, millis -> new Bootstrap()
                .group(loops)
                .channel(channelType)
                .resolver(resolver)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(tracking))
                .connect(address);
    }

    /**
     * Closes the kept connections idle for longer than the idle time at {@code nowNanos} ({@link System#nanoTime}):
     * read here without a lock, then again on each connection's loop before it is closed.
     */
    void sweep(long nowNanos) {
        channels.forEach(channel -> {
            Http1Exchange exchange = channel.pipeline().get(Http1Exchange.class);
            if (exchange != null && exchange.idleLongerThan(nowNanos, idleNanos)) {
                channel.eventLoop().execute(() -> {
                    if (exchange.idleLongerThan(nowNanos, idleNanos)) {
                        channel.close();
                    }
                });
            }
        });
    }

    /** Stops the sweep; the connections themselves are closed with the other probes' ({@link ProbeChannels}). */
    void dispose() {
        disposed = true;
        Disposable running = sweep;
        if (running != null) {
            running.dispose();
        }
    }

    private void sweepFromNowOn() {
        if (sweep == null) {
            synchronized (this) {
                if (sweep == null && !disposed) {
                    sweep = scheduler.schedulePeriodically(() -> sweep(System.nanoTime()), SWEEP_MINUTES,
                            SWEEP_MINUTES, TimeUnit.MINUTES);
                }
            }
        }
    }
}
