package dev.healthmon.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

/**
 * How one provider's messages leave: HTTP requests over the notifier's one shared Reactor Netty client, a
 * {@code Retry-After} read up to the provider's bound.
 */
final class Transport {

    // enough of an error body to explain a rejection in the log, never more
    private static final int BODY_CHUNKS = 4;
    private static final int BODY_CHARS = 300;

    private final HttpClient client;
    private final Scheduler clock;
    private final Duration maxRetryAfter;

    Transport(HttpClient client, Scheduler clock, Duration maxRetryAfter) {
        this.client = client;
        this.clock = clock;
        this.maxRetryAfter = maxRetryAfter;
    }

    /**
     * Returns a cold {@code Mono} that sends {@code request} once and completes on a 2xx answer; any other answer
     * arrives as an {@link HttpStatusException}, a network failure as its {@code IOException}. Runs on the event
     * loop; cancelling it closes the connection.
     */
    Mono<Void> http(Outbound request) {
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        return client.request(HttpMethod.valueOf(request.method()))
                .uri(request.uri())
                .send((out, outbound) -> {
                    request.headers().forEach(out::header);
                    out.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
                    return outbound.sendByteArray(Mono.just(body));
                })
                .response((response, content) -> content.asString(StandardCharsets.UTF_8)
                        .take(BODY_CHUNKS)
                        .collect(Collectors.joining())
                        .flatMap(text -> check(response, text)))
                .then();
    }

    private Mono<Void> check(HttpClientResponse response, String body) {
        int status = response.status().code();
        if (status >= 200 && status < 300) {
            return Mono.empty();
        }
        Instant now = Instant.ofEpochMilli(clock.now(TimeUnit.MILLISECONDS));
        @Nullable Duration retryAfter = RetryAfter.parse(response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER),
                now, maxRetryAfter);
        String snippet = body.length() > BODY_CHARS ? body.substring(0, BODY_CHARS) + "…" : body;
        return Mono.error(new HttpStatusException(status, response.status().reasonPhrase(), retryAfter, snippet));
    }
}
