package dev.healthmon.core.probe;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The kept-alive HTTP/1.1 checks of one {@code http://} monitor: its own connections (one, unless checks overlap),
 * and its request, encoded once per URL. A check takes a connection the monitor kept, writes the request's bytes on
 * its event loop and reads the response ({@link Http1Exchange}); with none kept, it opens one ({@link Http1Client}).
 *
 * <p>A check's result is given after its connection is kept again, on that connection's loop, so the next check,
 * however soon, finds it. A check cancelled (its timeout, its monitor's end) closes the connection it opens or
 * writes on. A connection the target closed while it was kept costs the check nothing: the check goes once more,
 * on a new connection.
 */
final class KeptHttp1 {

    private final Http1Client client;
    private final HealthCheckConfig config;
    private final String method;
    private final String path;
    private final boolean head;
    private final int connectMillis;
    private final long drainMillis;
    // the last URL's request, encoded: the monitor's URL is the same object check after check
    private volatile @Nullable Request last;
    // the connections kept for the next checks, the last kept first; guarded by this
    private @Nullable Http1Exchange kept;
    private @Nullable ArrayDeque<Http1Exchange> moreKept;

    KeptHttp1(Http1Client client, HealthCheckConfig config, long drainMillis) {
        this.client = requireNonNull(client, "client");
        this.config = requireNonNull(config, "config");
        this.method = config.method();
        this.path = config.path();
        this.head = method.equals("HEAD");
        this.connectMillis = (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
        this.drainMillis = drainMillis;
    }

    /**
     * Returns whether this can check {@code url} (an {@code http://} URL with a host): {@code false} for a request
     * target with bytes a request line cannot carry, which the probe sends through Reactor Netty as before.
     */
    boolean supports(URI url) {
        return request(url) != null;
    }

    /**
     * Returns a cold {@code Mono} of one check of {@code url} (which {@link #supports} accepts), judged by
     * {@code judge}. Nothing here bounds the check: its caller, the monitor's loop, does, and its cancel closes the
     * connection.
     */
    Mono<HealthCheckResult> check(URI url, Judge judge) {
        return Mono.create(sink -> {
            long start = Latency.start();
            Request request = requireNonNull(request(url), "request");
            Check check = new Check(sink, request, url, start, judge);
            sink.onCancel(check);
            Http1Exchange exchange = take();
            try {
                if (exchange != null) {
                    check.reusing = exchange;
                    check.channel = exchange.channel();
                    exchange.channel().eventLoop().execute(check);
                }
                else {
                    client.loops().execute(check::connect);
                }
            }
            catch (RejectedExecutionException stopped) {
                // the event loops are shutting down
                sink.error(stopped);
            }
        });
    }

    /** How a check's response is judged, at its headers, from the time the check started. */
    @FunctionalInterface
    interface Judge {
        HealthCheckResult judge(HttpResponse response, long start);
    }

    private @Nullable Http1Exchange take() {
        synchronized (this) {
            Http1Exchange taken = kept;
            if (taken != null) {
                kept = moreKept == null ? null : moreKept.pollFirst();
            }
            return taken;
        }
    }

    private void keep(Http1Exchange exchange) {
        synchronized (this) {
            if (kept == null) {
                kept = exchange;
                return;
            }
            if (moreKept == null) {
                moreKept = new ArrayDeque<>(4);
            }
            if (moreKept.size() < Probes.KEPT_PER_ADDRESS - 1) {
                moreKept.addFirst(kept);
                kept = exchange;
                return;
            }
        }
        // more checks overlapped than a monitor keeps connections for
        Connections.closeLater(exchange.channel());
    }

    private @Nullable Request request(URI url) {
        Request request = last;
        if (request == null || request.url() != url) {
            request = Request.of(url, method, path);
            last = request;
        }
        return request.bytes() == null ? null : request;
    }

    /** One check: its sink, and the connection it writes on, which its cancel closes. */
    private final class Check implements Http1Exchange.Check, Runnable, Disposable {

        private final MonoSink<HealthCheckResult> sink;
        private final Request request;
        private final URI url;
        private final long start;
        private final Judge judge;
        private volatile boolean cancelled;
        private volatile @Nullable Channel channel;
        // the kept connection it was given, written on in run()
        private @Nullable Http1Exchange reusing;

        Check(MonoSink<HealthCheckResult> sink, Request request, URI url, long start, Judge judge) {
            this.sink = sink;
            this.request = request;
            this.url = url;
            this.start = start;
            this.judge = judge;
        }

        // on the kept connection's loop
        @Override
        public void run() {
            Http1Exchange exchange = requireNonNull(reusing, "reusing");
            if (cancelled) {
                keep(exchange);
            }
            else if (!exchange.channel().isActive()) {
                // closed while it was kept, and seen to be: not a retry
                connect();
            }
            else {
                exchange.start(this, true);
            }
        }

        // on an event loop, whose channel the connection gets
        void connect() {
            if (cancelled) {
                return;
            }
            ChannelFuture connecting = client.connect(request.address(), connectMillis);
            channel = connecting.channel();
            if (cancelled) {
                Connections.closeLater(connecting.channel());
                return;
            }
            connecting.addListener(this::connected);
        }

        private void connected(Future<? super Void> done) {
            Channel opened = requireNonNull(channel, "channel");
            if (!done.isSuccess()) {
                failed(done.cause());
                return;
            }
            Http1Exchange exchange = new Http1Exchange(opened);
            opened.pipeline().addLast(Http1Exchange.decoder(head), exchange);
            if (!cancelled) {
                exchange.start(this, false);
            }
        }

        @Override
        public Object request() {
            return request.bytes().duplicate();
        }

        @Override
        public HealthCheckResult judge(HttpResponse response) {
            return judge.judge(response, start);
        }

        @Override
        public long drainMillis() {
            return drainMillis;
        }

        @Override
        public void answered(Http1Exchange exchange, HealthCheckResult result, boolean keep) {
            if (keep) {
                keep(exchange);
            }
            sink.success(result);
        }

        @Override
        public void failed(Throwable error) {
            String detail = Failures.describe(error, url, config.timeout());
            if (detail != null) {
                sink.success(HealthCheckResult.unhealthy(detail, Latency.since(start)));
            }
            else if (!cancelled) {
                sink.error(error);
            }
        }

        @Override
        public void retry() {
            // only a kept connection's check retries, and on a new one: once at most
            connect();
        }

        // the check was cancelled
        @Override
        public void dispose() {
            cancelled = true;
            Channel open = channel;
            if (open != null) {
                Connections.closeLater(open);
            }
        }
    }

    /**
     * A URL's request: its address, unresolved (the client's guarded resolver resolves it at each connect), and
     * its bytes, or {@code null} bytes when its target has bytes a request line cannot carry.
     */
    private record Request(URI url, InetSocketAddress address, @Nullable ByteBuf bytes) {

        static Request of(URI url, String method, String path) {
            String host = Endpoint.hostOf(url);
            int port = url.getPort() < 0 ? 80 : url.getPort();
            String target = UrlPaths.join(url, path);
            if (!target.startsWith("/")) {
                target = "/" + target;
            }
            InetSocketAddress address = InetSocketAddress.createUnresolved(host, port);
            if (!printable(target)) {
                return new Request(url, address, null);
            }
            // the headers Reactor Netty sent for the probe, in its order and case (HttpProbeTest pins them)
            String authority = url.getPort() < 0 || url.getPort() == 80 ? url.getHost()
                    : url.getHost() + ":" + url.getPort();
            String text = method + " " + target + " HTTP/1.1\r\n"
                    + "user-agent: " + Probes.USER_AGENT + "\r\n"
                    + "accept-encoding: identity\r\n"
                    + "cache-control: no-cache\r\n"
                    + "host: " + authority + "\r\n"
                    + "accept: */*\r\n"
                    + "\r\n";
            return new Request(url, address, Unpooled.unreleasableBuffer(
                    Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8))));
        }

        // a request target is sent as it is, but never with a space or a control character, which would end it
        private static boolean printable(String target) {
            for (int i = 0; i < target.length(); i++) {
                char c = target.charAt(i);
                if (c <= ' ' || c == 0x7f) {
                    return false;
                }
            }
            return true;
        }
    }
}
