package dev.healthmon.core.probe.agent;

/**
 * Signals that an agent could not check a target for healthmon: the agent is not reachable (refused, TLS
 * handshake refused, reset) or its answer is not the agent's JSON. It reaches the monitor as a check error.
 */
public final class AgentCheckException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AgentCheckException(String message) {
        super(message);
    }

    AgentCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
