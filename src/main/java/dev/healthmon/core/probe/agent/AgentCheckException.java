package dev.healthmon.core.probe.agent;

import java.net.URI;

import dev.healthmon.core.probe.Failures;

/**
 * Signals that an agent could not check a target for healthmon: the agent is not reachable (refused, TLS
 * handshake refused, reset) or its answer is not the agent's JSON. It reaches the monitor as a check error.
 */
public final class AgentCheckException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean unreachable;

    AgentCheckException(String message) {
        super(message);
        this.unreachable = false;
    }

    private AgentCheckException(String message, Throwable cause) {
        super(message, cause);
        this.unreachable = true;
    }

    /** Returns the exception of a check that could not reach the agent at {@code agent} for {@code cause}. */
    public static AgentCheckException unreachable(URI agent, Throwable cause) {
        return new AgentCheckException("agent " + agent + " unreachable: " + Failures.message(cause), cause);
    }

    /**
     * Returns whether the agent could not be reached (refused, reset, TLS handshake refused), rather than answered
     * something that is not its JSON: an agent that is down may come back by itself.
     */
    public boolean unreachable() {
        return unreachable;
    }
}
