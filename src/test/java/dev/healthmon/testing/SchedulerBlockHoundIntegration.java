package dev.healthmon.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Allows the JDK's scheduled executor to take its queue lock when a timer is cancelled.
 *
 * <p>Reactor's schedulers run on {@code ScheduledThreadPoolExecutor}; cancelling a timer (every check that ends
 * before its timeout cancels one) removes it from the executor's queue under a lock held for microseconds.
 * Reactor's own integration allows the same lock in {@code offer} and {@code take} but not in {@code remove}, and
 * BlockHound throwing from inside that lock's acquisition leaves the lock corrupted, which hangs every scheduler
 * that shares it. This is not blocking I/O; everything else stays forbidden.
 */
public final class SchedulerBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue",
                "remove");
    }
}
