package dev.healthmon.core.probe.docker;

/**
 * Signals that a Docker daemon could not be asked about a container, or gave no usable answer: not reachable,
 * too slow, an unexpected HTTP status or a body that is not the Engine API's JSON.
 *
 * <p>A {@link DockerProbe} with a fallback probe catches it and checks the monitor's URL instead; without one it
 * reaches the monitor as a check error.
 */
public final class DockerDaemonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DockerDaemonException(String message) {
        super(message);
    }

    DockerDaemonException(String message, Throwable cause) {
        super(message, cause);
    }
}
