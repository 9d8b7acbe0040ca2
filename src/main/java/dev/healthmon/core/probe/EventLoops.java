package dev.healthmon.core.probe;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.transport.ClientTransport;
import reactor.netty.transport.ClientTransportConfig;

/**
 * Where a check starts: on an event loop of the client that runs it, not on the thread that asked for it (a
 * monitor's tick, on the monitors' scheduler).
 *
 * <p>Why: starting a check is most of its CPU (the request built, a channel created, configured and registered, a
 * connect begun or a kept connection taken from the pool). Started on the monitors' scheduler, the check starts of
 * thousands of monitors queued on its two workers in front of the timers that end running checks (their
 * timeouts), and on a busy machine checks ended seconds after their timeout. Started on an event loop, a new
 * channel registers with the loop it is created on (Reactor Netty's loops are colocated) instead of waking
 * another thread, and the monitors' scheduler keeps only the ticks' hand-over and the timers.
 */
final class EventLoops {

    private EventLoops() {
    }

    /**
     * Returns a scheduler whose tasks run on the event loops {@code client} connects with: one loop per task,
     * in turn. The loops are looked up at each task, so that a client whose global loops were disposed and made
     * again (as a Spring context closing does) starts its checks on the loops it now connects with; a task the
     * loops refuse because they shut down fails the check that waited for it.
     */
    static Scheduler of(ClientTransport<?, ?> client) {
        ClientTransportConfig<?> config = client.configuration();
        boolean preferNative = config.isPreferNative();
        return Schedulers.fromExecutor(task -> config.loopResources().onClient(preferNative).execute(task));
    }
}
