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
 * that shares it. This is not blocking I/O; everything else stays forbidden. The same holds for the lock of Netty's
 * adaptive buffer allocator while it grows, for the circuit breakers' outcome window, and for the virtual-time
 * scheduler's task queue: a test's
 * {@code VirtualTimeScheduler} keeps its tasks in a {@code PriorityBlockingQueue}, and an event loop that cancels a
 * virtual timeout (every answer that arrives in time does) while the test thread advances the clock meets its lock.
 * BlockHound failing there broke the answer's handling in the middle of a delivery, which then never ended: the
 * provider-outage test stalled about one run in three on a loaded machine.
 */
public final class SchedulerBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue",
                "remove");
        // Netty 4.2's adaptive allocator takes a magazine's StampedLock while it grows its magazines: held for a
        // few instructions, contended when many event loops allocate at once (1,000 SSE clients, ThousandClientsTest).
        // BlockHound failing there closed live SSE connections in the middle of a write; it is not I/O either.
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
                "tryExpandMagazines");
        // resilience4j's count-based window takes its lock to record an outcome: a few field updates
        builder.allowBlockingCallsInside("io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", "record");
        builder.allowBlockingCallsInside("io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics",
                "getSnapshot");
        // only the lock of the methods that never wait for an element; the tasks the queue holds run outside them.
        // size: VirtualTimeScheduler.drain asks isEmpty() when a cancelled timeout drains the queue, which failed the
        // provider-outage test (ERROR mode) in every run on this machine, its deliveries stalled at about 400 of 1,920
        for (String method : new String[] {"offer", "remove", "poll", "peek", "size"}) {
            builder.allowBlockingCallsInside("java.util.concurrent.PriorityBlockingQueue", method);
        }
    }
}
