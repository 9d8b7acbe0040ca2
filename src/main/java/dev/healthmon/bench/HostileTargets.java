package dev.healthmon.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Targets on 127.0.0.1 that misbehave in each way a check must survive within its timeout: they black-hole
 * (accept and never answer; or never accept: a full listen backlog), reset (at accept, or in the middle of the
 * reply, with {@code SO_LINGER 0}), refuse (a port bound but not listening), half-answer (a status line, half the
 * headers, half a TLS handshake, then nothing) or stream forever (an endless chunked body, an endless header).
 * The accepting ones are Netty servers on an event loop of their own, so that they take nothing from the
 * service's; each counts its open connections, which is how a connection a check left behind shows.
 */
final class HostileTargets implements AutoCloseable {

    /** How a target misbehaves. */
    enum Kind {
        /** Accepts, reads and never answers. */
        HOLE,
        /** Never accepts: its listen backlog is full, so a SYN is dropped and the connect hangs. */
        BACKLOG,
        /** A port bound but not listening: a SYN is answered with a reset (refused). */
        BOUND,
        /** Resets the connection as soon as it is accepted. */
        RESET_ACCEPT,
        /** Sends part of the reply's headers, then resets the connection. */
        RESET_REPLY,
        /** Sends the status line, then nothing. */
        STATUS_STALL,
        /** Sends half the headers, then nothing. */
        HALF_HEADERS,
        /** Answers a TLS client hello with the first bytes of a server hello, then nothing. */
        TLS_STALL,
        /** A 200 with a chunked body that never ends: a chunk every {@value #STREAM_EVERY_MILLIS} ms. */
        ENDLESS_BODY,
        /** A status line and one header that never ends: a piece of it every {@value #STREAM_EVERY_MILLIS} ms. */
        ENDLESS_HEADER;

        static final long STREAM_EVERY_MILLIS = 20;

        /** Returns the lowercase name of this kind, as the figures print it. */
        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private static final byte[] STATUS = ascii("HTTP/1.1 200 OK\r\n");
    private static final byte[] HALF_HEADERS = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Le");
    private static final byte[] PARTIAL_REPLY = ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n");
    private static final byte[] CHUNKED = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n");
    private static final byte[] CHUNK = ascii("400\r\n" + "x".repeat(1024) + "\r\n");
    private static final byte[] ENDLESS_HEADER = ascii("HTTP/1.1 200 OK\r\nX-Endless: ");
    private static final byte[] HEADER_PIECE = ascii("y".repeat(256));
    // a TLS handshake record (type 22, TLS 1.2, 122 bytes) that starts a server hello and stops after 2 bytes
    private static final byte[] SERVER_HELLO_START = {0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00};

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<Kind, Integer> ports = new EnumMap<>(Kind.class);
    private final List<Channel> servers = new ArrayList<>();
    private final List<NetworkChannel> sockets = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<Kind, AtomicInteger> openByKind = new EnumMap<>(Kind.class);
    private final LongAccumulator maxOpen = new LongAccumulator(Math::max, 0);
    private final LongAdder accepted = new LongAdder();

    private HostileTargets() {
    }

    /** Starts one target of each kind on 127.0.0.1; call it from a thread that may block (it binds). */
    static HostileTargets start() throws IOException {
        HostileTargets targets = new HostileTargets();
        try {
            for (Kind kind : Kind.values()) {
                targets.ports.put(kind, targets.bind(kind));
            }
        }
        catch (IOException | RuntimeException e) {
            targets.close();
            throw e;
        }
        return targets;
    }

    /** Returns the port of the target of {@code kind}. */
    int port(Kind kind) {
        return ports.get(kind);
    }

    /** Returns the connections the accepting targets hold open now. */
    int open() {
        return open.get();
    }

    /** Returns the connections held open now by the kinds that hold any. */
    Map<String, Integer> openByKind() {
        Map<String, Integer> open = new java.util.TreeMap<>();
        openByKind.forEach((kind, count) -> {
            if (count.get() > 0) {
                open.put(kind.label(), count.get());
            }
        });
        return open;
    }

    /** Returns the most connections the accepting targets held open at once. */
    long maxOpen() {
        return maxOpen.get();
    }

    /** Returns how many connections the accepting targets accepted. */
    long accepted() {
        return accepted.sum();
    }

    @Override
    public void close() {
        for (Channel server : servers) {
            server.close().syncUninterruptibly();
        }
        for (NetworkChannel socket : sockets) {
            try {
                socket.close();
            }
            catch (IOException ignored) {
                // closing a socket that only ever listened or was bound: nothing is lost
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private int bind(Kind kind) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        if (kind == Kind.BACKLOG) {
            // a backlog of 1 that is never accepted: the kernel queues two connections, then drops every SYN
            ServerSocketChannel socket = ServerSocketChannel.open();
            sockets.add(socket);
            socket.bind(loopback, 1);
            return ((InetSocketAddress) socket.getLocalAddress()).getPort();
        }
        if (kind == Kind.BOUND) {
            SocketChannel socket = SocketChannel.open();
            sockets.add(socket);
            socket.bind(loopback);
            return ((InetSocketAddress) socket.getLocalAddress()).getPort();
        }
        AtomicInteger kindOpen = new AtomicInteger();
        openByKind.put(kind, kindOpen);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 8192)
                .childHandler(new ChannelInitializer<io.netty.channel.socket.SocketChannel>() {
                    @Override
                    protected void initChannel(io.netty.channel.socket.SocketChannel channel) {
                        accepted.increment();
                        maxOpen.accumulate(open.incrementAndGet());
                        kindOpen.incrementAndGet();
                        channel.closeFuture().addListener(closed -> {
                            open.decrementAndGet();
                            kindOpen.decrementAndGet();
                        });
                        channel.pipeline().addLast(new Misbehaviour(kind));
                    }
                });
        if (kind == Kind.RESET_ACCEPT || kind == Kind.RESET_REPLY) {
            bootstrap.childOption(ChannelOption.SO_LINGER, 0);
        }
        Channel server = bootstrap.bind(loopback).syncUninterruptibly().channel();
        servers.add(server);
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** What one accepted connection of a target does: it answers the first bytes it reads, then as its kind says. */
    private static final class Misbehaviour extends ChannelInboundHandlerAdapter {

        private final Kind kind;
        private boolean answered;
        private @Nullable ScheduledFuture<?> stream;

        Misbehaviour(Kind kind) {
            this.kind = kind;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (kind == Kind.RESET_ACCEPT) {
                // SO_LINGER 0: the close is a reset
                ctx.close();
                return;
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ReferenceCountUtil.release(message);
            if (answered) {
                return;
            }
            answered = true;
            switch (kind) {
                case RESET_REPLY -> {
                    ctx.writeAndFlush(wrap(PARTIAL_REPLY));
                    // after the partial reply has left: a reset that drops nothing written
                    ctx.executor().schedule(() -> ctx.close(), 20, TimeUnit.MILLISECONDS);
                }
                case STATUS_STALL -> ctx.writeAndFlush(wrap(STATUS));
                case HALF_HEADERS -> ctx.writeAndFlush(wrap(HALF_HEADERS));
                case TLS_STALL -> ctx.writeAndFlush(wrap(SERVER_HELLO_START));
                case ENDLESS_BODY -> {
                    ctx.writeAndFlush(wrap(CHUNKED));
                    streamForever(ctx, CHUNK);
                }
                case ENDLESS_HEADER -> {
                    ctx.writeAndFlush(wrap(ENDLESS_HEADER));
                    streamForever(ctx, HEADER_PIECE);
                }
                default -> {
                    // HOLE: read, never answer
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ScheduledFuture<?> running = stream;
            if (running != null) {
                running.cancel(false);
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a client that resets its side is what these targets expect: close quietly
            ctx.close();
        }

        private void streamForever(ChannelHandlerContext ctx, byte[] piece) {
            stream = ctx.executor().scheduleAtFixedRate(() -> {
                // a client that does not read holds the stream back: nothing piles up here
                if (ctx.channel().isWritable()) {
                    ctx.writeAndFlush(wrap(piece));
                }
            }, Kind.STREAM_EVERY_MILLIS, Kind.STREAM_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        }

        private static ByteBuf wrap(byte[] bytes) {
            return Unpooled.wrappedBuffer(bytes);
        }
    }
}
