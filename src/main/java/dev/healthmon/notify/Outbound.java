package dev.healthmon.notify;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request to a provider, ready to send.
 *
 * @param method the HTTP method
 * @param uri where to send it; may carry a secret (Telegram's token), so it is never logged
 * @param headers header names and values, in order
 * @param body the body, sent as UTF-8
 */
record Outbound(String method, URI uri, Map<String, String> headers, String body) {
    Outbound {
        requireNonNull(method, "method");
        requireNonNull(uri, "uri");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        requireNonNull(body, "body");
    }
}
