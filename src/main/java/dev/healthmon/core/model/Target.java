package dev.healthmon.core.model;

import static java.util.Objects.requireNonNull;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * What a monitor checks: a URL, and optionally the Docker container behind it or the agent that reaches it.
 *
 * @param url the target's URL: {@code http(s)://}, {@code h2c://}, {@code tcp://}, {@code udp://}, {@code file://}
 * @param docker the container whose health Docker reports, or {@code null}
 * @param agent the base URL of the remote agent that checks the target, or {@code null}
 */
public record Target(URI url, @Nullable DockerTarget docker, @Nullable URI agent) {

    public Target {
        requireNonNull(url, "url");
    }

    /** Returns a target checked directly at {@code url}. */
    public static Target of(URI url) {
        return new Target(url, null, null);
    }

    /** Returns a copy with {@code url} set. */
    public Target withUrl(URI value) {
        return new Target(value, docker, agent);
    }

    /**
     * A container known to a Docker daemon.
     *
     * @param container the container's name or id
     * @param host the daemon: {@code unix:///var/run/docker.sock} or {@code tcp://host:2375}; {@code null} for
     *         {@code DOCKER_HOST} or the default socket
     */
    public record DockerTarget(String container, @Nullable URI host) {
        public DockerTarget {
            requireNonNull(container, "container");
            if (container.isBlank()) {
                throw new InvalidConfigException("docker.container", "empty container name");
            }
        }
    }
}
