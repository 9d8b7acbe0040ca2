package dev.healthmon.notify;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A provider that can be switched off: a real HTTP server on 127.0.0.1 that accepts (200), answers 500, holds every
 * request without an answer (a black hole) or refuses connections (it is closed, and listens again on the same port
 * when switched back). It records the body of each request it accepted, in the order it accepted them.
 */
final class SwitchableReceiver implements AutoCloseable {

    /** How the receiver answers. */
    enum Mode { ACCEPT, ERROR, BLACK_HOLE, REFUSE }

    private static final Duration EMIT = Duration.ofSeconds(10);

    private final Sinks.Many<String> accepted = Sinks.many().replay().all();
    private final AtomicInteger acceptedCount = new AtomicInteger();
    private final AtomicInteger turnedAway = new AtomicInteger();
    private final int port;
    private volatile Mode mode = Mode.ACCEPT;
    // guarded by this; null while refusing
    private @Nullable DisposableServer server;

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
        }
        else if (next != Mode.REFUSE && server == null) {
            server = bind(port);
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
                .bindNow();
    }
}
