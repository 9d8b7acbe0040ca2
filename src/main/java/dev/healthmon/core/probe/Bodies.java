package dev.healthmon.core.probe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/** Reads the small JSON answers of the Docker daemon and the agents, never more than a bound. */
public final class Bodies {

    private Bodies() {
    }

    /**
     * Returns a cold {@code Mono} of the first {@code maxBytes} of {@code body} as UTF-8 text, on the thread that
     * delivers the body; it stops reading, releasing the rest, once it has them, and signals the body's errors.
     */
    public static Mono<String> readAtMost(ByteBufFlux body, int maxBytes) {
        return body.asByteArray()
                .scanWith(ByteArrayOutputStream::new, (out, chunk) -> {
                    out.write(chunk, 0, Math.min(chunk.length, maxBytes - out.size()));
                    return out;
                })
                .takeUntil(out -> out.size() >= maxBytes)
                .last()
                .map(out -> out.toString(StandardCharsets.UTF_8));
    }
}
