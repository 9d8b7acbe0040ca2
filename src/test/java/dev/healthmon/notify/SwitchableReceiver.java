package dev.healthmon.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ChannelBindException;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.util.retry.Retry;

/**
 * A provider that can be switched off: a real HTTP server on 127.0.0.1 that accepts (200), answers 500, holds every
 * request without an answer (a black hole) or refuses connections (it stops listening, and listens again on the same
 * port when switched back). It records the body of each request it accepted, in the order it accepted them.
 *
 * <p>While it refuses, a socket bound to the port and not listening keeps it, so that no other socket takes the port
 * meanwhile (listening again on it failed with "address in use" about once in ten runs on a loaded machine); a bind
 * that still fails is tried again for a few seconds.
 */
final class SwitchableReceiver implements AutoCloseable {

    /** How the receiver answers. */
    enum Mode { ACCEPT, ERROR, BLACK_HOLE, REFUSE }

    private static final Duration EMIT = Duration.ofSeconds(10);
    private static final Duration BIND = Duration.ofSeconds(10);
    private static final Scheduler REAL_TIME = Schedulers.fromExecutorService(
            Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "switchable-receiver-bind");
                thread.setDaemon(true);
                return thread;
            }), "switchable-receiver-bind");

    private final Sinks.Many<String> accepted = Sinks.many().replay().all();
    private final AtomicInteger acceptedCount = new AtomicInteger();
    private final AtomicInteger turnedAway = new AtomicInteger();
    // every request read, whatever the answer, in the order read
    private final Sinks.Many<Integer> arrivals = Sinks.many().multicast().directBestEffort();
    private final AtomicInteger arrived = new AtomicInteger();
    private final int port;
    private volatile Mode mode = Mode.ACCEPT;
    // guarded by this; null while refusing
    private @Nullable DisposableServer server;
    // guarded by this; the port's holder while refusing: connections to a bound port that does not listen are reset
    private @Nullable Socket holder;

    private SwitchableReceiver() {
        this.server = bind(0);
        this.port = server.port();
    }

    static SwitchableReceiver start() {
        return new SwitchableReceiver();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/hook");
    }

    /** Switches to {@code next}: from now on each request arriving is answered so. */
    synchronized void switchTo(Mode next) {
        mode = next;
        if (next == Mode.REFUSE && server != null) {
            server.disposeNow();
            server = null;
            holder = hold(port);
        }
        else if (next != Mode.REFUSE && server == null) {
            release();
            server = bind(port);
        }
    }

    /**
     * Waits until no request has been read for {@code quiet}, at most {@code bound}: a request sent before a switch
     * is then answered as before it, not as after it.
     */
    void awaitQuiet(Duration quiet, Duration bound) {
        // real time, whatever clock the test runs the notifier on: a block waits on a latch
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                arrivals.asFlux().next().block(quiet);
            }
            catch (IllegalStateException quietEnough) {
                return;
            }
        }
    }

    /** Returns the bodies accepted, in order, replayed from the first. */
    Flux<String> accepted() {
        return accepted.asFlux();
    }

    int acceptedCount() {
        return acceptedCount.get();
    }

    /** Returns how many requests were answered 500 or held. */
    int turnedAway() {
        return turnedAway.get();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.disposeNow();
            server = null;
        }
        release();
    }

    private static Socket hold(int port) {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return socket;
        }
        catch (IOException e) {
            throw new UncheckedIOException("port " + port + " could not be held while refusing", e);
        }
    }

    private void release() {
        if (holder == null) {
            return;
        }
        try {
            holder.close();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        holder = null;
    }

    private DisposableServer bind(int on) {
        return HttpServer.create()
                .host("127.0.0.1")
                .port(on)
                .handle((request, response) -> request.receive()
                        .aggregate()
                        .asString()
                        .defaultIfEmpty("")
                        .flatMap(body -> {
                            synchronized (arrivals) {
                                arrivals.emitNext(arrived.incrementAndGet(),
                                        Sinks.EmitFailureHandler.busyLooping(EMIT));
                            }
                            Mode now = mode;
                            if (now == Mode.ACCEPT) {
                                synchronized (accepted) {
                                    acceptedCount.incrementAndGet();
                                    accepted.emitNext(body, Sinks.EmitFailureHandler.busyLooping(EMIT));
                                }
                                return response.status(200).send();
                            }
                            turnedAway.incrementAndGet();
                            return now == Mode.ERROR ? response.status(500).send() : Mono.<Void>never();
                        }))
                .bind()
                // the pause is real time, whatever clock the test runs the notifier on
                .retryWhen(Retry.fixedDelay(50, Duration.ofMillis(100))
                        .filter(error -> on != 0 && error instanceof ChannelBindException)
                        .scheduler(REAL_TIME))
                .block(BIND);
    }
}
