package dev.healthmon.core.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Locale;

import javax.net.ssl.SSLException;

import dev.healthmon.core.model.HealthCheckResult;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.timeout.ReadTimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Says what went wrong, in words people can read: the one place where a {@link Throwable} becomes a message.
 *
 * <p>{@link #message(Throwable)} and {@link #rootMessage(Throwable)} serve every probe, the agent and anyone
 * else who reports an exception; the probes of this package also use it to tell failures of the target
 * (refused, reset, a connect timeout, unknown host, bad TLS, bad protocol) from failures of the check itself.
 * <pre>{@code
 * String why = Failures.message(error);   // "Connection refused", or "ClosedChannelException" without a message
 * }</pre>
 */
public final class Failures {

    private Failures() {
    }

    /** Returns the detail of a check that ran out of {@code timeout}: {@code "timeout after 5s"}. */
    static String timeout(Duration timeout) {
        return HealthCheckResult.timedOut(timeout).detail();
    }

    /**
     * Returns a {@code Mono} of an unhealthy result when {@code error} is a failure of the target at {@code url},
     * or of {@code error} itself when the check could not be performed.
     */
    static Mono<HealthCheckResult> recover(Throwable error, URI url, Duration timeout, long startNanos) {
        String detail = describe(error, url, timeout);
        return detail == null
                ? Mono.error(error)
                : Mono.just(HealthCheckResult.unhealthy(detail, Latency.since(startNanos)));
    }

    /** Returns what went wrong with the target at {@code url}, or {@code null} when {@code error} is not its fault. */
    static @Nullable String describe(Throwable error, URI url, Duration timeout) {
        if (EgressPolicy.denied(error)) {
            return EgressPolicy.DENIED;
        }
        // TLS problems often arrive wrapped in a DecoderException: look for them through the whole chain first
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return "TLS handshake failed: " + rootMessage(t);
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            String detail = describeOne(t, url, timeout);
            if (detail != null) {
                return detail;
            }
        }
        return null;
    }

    private static @Nullable String describeOne(Throwable t, URI url, Duration timeout) {
        // the connect timeout is the config's timeout, so it reads as a check that ran out of time
        if (t instanceof ConnectTimeoutException || t instanceof ReadTimeoutException) {
            return timeout(timeout);
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + Endpoint.hostOf(url);
        }
        if (t instanceof PortUnreachableException) {
            return "connection refused";
        }
        if (t instanceof PrematureCloseException || t instanceof Http1Exchange.ClosedBeforeResponseException) {
            return "connection closed before the response";
        }
        if (t instanceof Http2Exception || t instanceof DecoderException) {
            // the decoder's message may quote what the target sent: name the failure, never its bytes
            return "invalid response (" + t.getClass().getSimpleName() + ")";
        }
        if (t instanceof ClosedChannelException) {
            return "connection closed";
        }
        String message = lower(t.getMessage());
        if (t instanceof ConnectException) {
            return message.contains("refused") ? "connection refused" : "connection failed: " + rootMessage(t);
        }
        if (t instanceof IOException) {
            if (message.contains("reset")) {
                return "connection reset";
            }
            if (message.contains("refused")) {
                return "connection refused";
            }
            return "connection failed: " + rootMessage(t);
        }
        return null;
    }

    /** Returns the message of {@code error}, or the simple name of its type when it has none. */
    public static String message(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    /** Returns the {@link #message(Throwable) message} of the innermost cause of {@code error}. */
    public static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return message(root);
    }

    private static String lower(@Nullable String message) {
        return message == null ? "" : message.toLowerCase(Locale.ROOT);
    }
}
