package dev.healthmon.notify;

/** The texts the fixtures' notifications must turn into, written out by hand. */
final class Expected {

    static final String DOWN_MARKDOWN = """
            #### Service Name
            api
            #### Time
            2026-11-24 09:30:00 UTC
            #### Service URL
            http://localhost:8080
            #### Detail
            HTTP 503 Service Unavailable
            #### Last Seen
            2026-11-24 09:29:15 UTC
            """;

    static final String DOWN_PLAIN = """
            Service Name: api
            Time: 2026-11-24 09:30:00 UTC
            Service URL: http://localhost:8080
            Detail: HTTP 503 Service Unavailable
            Last Seen: 2026-11-24 09:29:15 UTC
            """;

    static final String UP_MARKDOWN = """
            #### Service Name
            api
            #### Time
            2026-11-24 09:42:07 UTC
            #### Service URL
            http://localhost:8080
            #### Ping
            12 ms
            """;

    static final String DOWN_FIELDS_JSON = "[{\"name\":\"Service Name\",\"value\":\"api\"},"
            + "{\"name\":\"Time\",\"value\":\"2026-11-24 09:30:00 UTC\"},"
            + "{\"name\":\"Service URL\",\"value\":\"http://localhost:8080\"},"
            + "{\"name\":\"Detail\",\"value\":\"HTTP 503 Service Unavailable\"},"
            + "{\"name\":\"Last Seen\",\"value\":\"2026-11-24 09:29:15 UTC\"}]";

    private Expected() {
    }

    /** Returns {@code text} as a JSON string literal, escaping only what the fixtures contain. */
    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
