package dev.healthmon.core.probe;

import java.net.URI;

/**
 * Joins a target URL's path with a check's path, as Go's {@code url.JoinPath} does and as the seed's HTTP check
 * and agent both expect: {@code http://h/api} with {@code /} is {@code /api/}, with {@code /health} it is
 * {@code /api/health}; the URL's query is kept.
 *
 * <pre>{@code
 * UrlPaths.join(URI.create("http://h/api?v=1"), "/health");   // "/api/health?v=1"
 * }</pre>
 */
public final class UrlPaths {

    private UrlPaths() {
    }

    /**
     * Returns the raw path of {@code url} without its trailing slashes, followed by {@code path}, followed by
     * {@code ?} and the raw query of {@code url} when it has one: the request target of an HTTP check.
     */
    public static String join(URI url, String path) {
        String base = url.getRawPath() == null ? "" : url.getRawPath();
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') {
            end--;
        }
        StringBuilder joined = new StringBuilder(base.length() + path.length()).append(base, 0, end).append(path);
        if (url.getRawQuery() != null) {
            joined.append('?').append(url.getRawQuery());
        }
        return joined.toString();
    }
}
