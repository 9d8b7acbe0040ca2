package dev.healthmon.core.model;

import java.net.URI;

/**
 * Hides secrets in what is shown (DESIGN section 13): the one place where a URL becomes the text people, logs,
 * events and notifications see, its user info and query values replaced by {@code ***}.
 *
 * <pre>{@code
 * Redaction.url(URI.create("https://bob:s3cret@api.example.com/health?token=abc&verbose"));
 * // "https://***@api.example.com/health?token=***&***"
 * }</pre>
 */
public final class Redaction {

    /** What stands for a hidden value. */
    public static final String HIDDEN = "***";

    private Redaction() {
    }

    /** Returns {@code url} as text with its user info and the value of each query parameter hidden. */
    public static String url(URI url) {
        if (url.isOpaque()) {
            // mailto:, or a host and port without a scheme: nothing to take apart, so nothing is kept but the scheme
            return url.getRawSchemeSpecificPart().contains("@") || url.getRawSchemeSpecificPart().contains("?")
                    ? url.getScheme() + ":" + HIDDEN : url.toString();
        }
        if (url.getRawUserInfo() == null && url.getRawQuery() == null) {
            return url.toString();
        }
        StringBuilder out = new StringBuilder();
        if (url.getScheme() != null) {
            out.append(url.getScheme()).append(':');
        }
        String authority = url.getRawAuthority();
        if (authority != null) {
            int at = authority.lastIndexOf('@');
            out.append("//").append(at < 0 ? authority : HIDDEN + authority.substring(at));
        }
        out.append(url.getRawPath() == null ? "" : url.getRawPath());
        if (url.getRawQuery() != null) {
            out.append('?').append(query(url.getRawQuery()));
        }
        if (url.getRawFragment() != null) {
            out.append('#').append(url.getRawFragment());
        }
        return out.toString();
    }

    /**
     * Returns {@code url} as {@link #url(URI)} shows it, or, when it is not a URL, a text with every part that could
     * be user info or a query hidden.
     */
    public static String url(String url) {
        try {
            return url(new URI(url));
        }
        catch (java.net.URISyntaxException e) {
            int query = url.indexOf('?');
            String shown = query < 0 ? url : url.substring(0, query + 1) + HIDDEN;
            return shown.replaceAll("//[^/@?#]*@", "//" + HIDDEN + "@");
        }
    }

    private static String query(String query) {
        StringBuilder out = new StringBuilder();
        for (String parameter : query.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int equals = parameter.indexOf('=');
            // a parameter without a name=value shape may itself be a token
            out.append(equals < 0 ? HIDDEN : parameter.substring(0, equals + 1) + HIDDEN);
        }
        return out.toString();
    }
}
