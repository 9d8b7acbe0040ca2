package dev.healthmon.notify;

import java.util.Locale;

/** How the delivery of one notification to one provider ended: the {@code result} tag of the metrics. */
enum Result {
    /** The provider accepted it. */
    DELIVERED,
    /** Every attempt failed, or the provider refused it (4xx). */
    FAILED,
    /** The provider's queue was full, so it never was attempted. */
    DROPPED,
    /** The circuit was open, so it never was attempted. */
    REJECTED;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
