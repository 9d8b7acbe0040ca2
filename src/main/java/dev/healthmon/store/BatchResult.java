package dev.healthmon.store;

/**
 * What became of one batch of events.
 *
 * @param events events the batch stood for: a {@link CheckSummary} counts its checks
 * @param rows rows written; zero when the batch was lost
 * @param written whether it was committed
 */
public record BatchResult(int events, int rows, boolean written) {
}
