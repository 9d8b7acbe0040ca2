package dev.healthmon.web.history;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.store.StoreUnavailableException;
import dev.healthmon.web.ErrorView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The answers of the history API: JSON, SVG, and the errors that bad input and a down store become. */
final class Responses {

    static final MediaType SVG = MediaType.valueOf("image/svg+xml");

    private static final Logger log = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    static Mono<ServerResponse> json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    static Mono<ServerResponse> svg(String body) {
        return ServerResponse.ok().contentType(SVG).cacheControl(CacheControl.noCache()).bodyValue(body);
    }

    /**
     * Returns the answer to an expected failure: 400 naming the field, 404 for an unknown monitor, 503 when the
     * store is down. Anything else is a bug and propagates.
     */
    static Mono<ServerResponse> error(Throwable error) {
        if (error instanceof InvalidConfigException invalid) {
            return status(HttpStatus.BAD_REQUEST, new ErrorView(String.valueOf(invalid.getMessage()), invalid.field()));
        }
        if (error instanceof UnknownMonitorException unknown) {
            return status(HttpStatus.NOT_FOUND, ErrorView.of(String.valueOf(unknown.getMessage())));
        }
        if (error instanceof StoreUnavailableException unavailable) {
            // the message names the database; it goes to the log, not to a possibly public client
            log.warn("history store unavailable: {}", unavailable.getMessage());
            return status(HttpStatus.SERVICE_UNAVAILABLE, ErrorView.of("history store unavailable"));
        }
        return Mono.error(error);
    }

    private static Mono<ServerResponse> status(HttpStatus status, ErrorView body) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
