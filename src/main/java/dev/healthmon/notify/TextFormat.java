package dev.healthmon.notify;

import java.util.Locale;

/** How the fields of a message are written in a provider's text: markdown or plain. */
public enum TextFormat {
    /** A heading per field name, the value below: {@code "#### Service Name\napi\n"}. */
    MARKDOWN,
    /** One {@code name: value} line per field: {@code "Service Name: api\n"}. */
    PLAIN;

    /** Returns the name as written in the configuration, such as {@code "markdown"}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
