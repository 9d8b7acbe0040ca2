package dev.healthmon.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 and a free port that records every request and answers as scripted by the
 * request's number (1, 2, ...): a status with headers, possibly after a delay, or never. It counts the requests
 * it holds at once.
 */
final class Receiver implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Sinks.Many<Request> requests = Sinks.many().replay().all();
    private final Sinks.Many<Integer> cancelled = Sinks.many().replay().all();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Scheduler timer = Schedulers.fromExecutorService(Executors.newSingleThreadScheduledExecutor(),
            "receiver-timer");
    private final DisposableServer server;

    private Receiver(IntFunction<Reply> script) {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> request.receive()
                        .aggregate()
                        .asString()
                        .defaultIfEmpty("")
                        .flatMap(body -> {
                            int number = count.incrementAndGet();
                            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            requests.emitNext(new Request(request.method().name(), request.uri(),
                                    request.requestHeaders(), body), concurrent());
                            Reply reply = script.apply(number);
                            if (reply.status() == 0) {
                                return Mono.<Void>never().doOnCancel(() -> cancelled.emitNext(number, concurrent()));
                            }
                            reply.headers().forEach(response::header);
                            // a delay waits in real time on the receiver's own timer, whatever virtual time a test
                            // installed; the request is counted out before the answer leaves, so the client never
                            // sees it still held
                            Mono<Long> wait = reply.delay().isZero() ? Mono.just(0L)
                                    : Mono.delay(reply.delay(), timer);
                            return wait.doOnNext(ignored -> inFlight.decrementAndGet())
                                    .then(response.status(reply.status()).sendString(Mono.just(reply.body())).then());
                        }))
                .bindNow();
    }

    /** Returns a receiver that answers every request with {@code status}. */
    static Receiver answering(int status) {
        return new Receiver(number -> Reply.of(status));
    }

    /** Returns a receiver that answers the n-th request with {@code script.apply(n)}. */
    static Receiver scripted(IntFunction<Reply> script) {
        return new Receiver(script);
    }

    /** Returns a receiver that never answers. */
    static Receiver silent() {
        return new Receiver(number -> Reply.never());
    }

    /** Returns a URL of a port where nothing listens: connecting is refused. */
    static URI refused() {
        DisposableServer closed = HttpServer.create().host("127.0.0.1").port(0).bindNow();
        int port = closed.port();
        closed.disposeNow();
        return URI.create("http://127.0.0.1:" + port);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Returns the first {@code n} requests, waiting for them for at most 10 seconds. */
    List<Request> await(int n) {
        return requests.asFlux().take(n).collectList().block(WAIT);
    }

    /** Returns the first request, waiting for it for at most 10 seconds. */
    Request first() {
        return await(1).get(0);
    }

    /** Returns the number of the first request whose exchange the client abandoned, waiting at most 10 seconds. */
    int awaitCancelled() {
        return cancelled.asFlux().blockFirst(WAIT);
    }

    int count() {
        return count.get();
    }

    /** Returns the most requests this receiver held at once, waiting for their answers. */
    int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        server.disposeNow();
        timer.dispose();
    }

    /** One recorded request. */
    record Request(String method, String uri, HttpHeaders headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** One scripted answer, sent after {@code delay}; status 0 means never answer. */
    record Reply(int status, Map<String, String> headers, String body, Duration delay) {
        static Reply of(int status) {
            return new Reply(status, Map.of(), "", Duration.ZERO);
        }

        static Reply of(int status, Map<String, String> headers) {
            return new Reply(status, headers, "", Duration.ZERO);
        }

        static Reply after(Duration delay, int status) {
            return new Reply(status, Map.of(), "", delay);
        }

        static Reply never() {
            return new Reply(0, Map.of(), "", Duration.ZERO);
        }
    }

    // a busy-looping handler keeps the deadline it was created with, so each emission needs its own
    private static Sinks.EmitFailureHandler concurrent() {
        return Sinks.EmitFailureHandler.busyLooping(WAIT);
    }
}
