package dev.healthmon.core.probe.docker;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a Docker daemon says about one container in answer to {@code GET /containers/{id}/json}: the container is
 * missing, or found with its state and its health.
 */
sealed interface DockerInspection permits DockerInspection.Missing, DockerInspection.Found {

    /**
     * Returns the inspection read from the Engine API's JSON for a container found: {@code State.Status} and
     * {@code State.Health}.
     *
     * @throws DockerDaemonException when the body is not the JSON of an inspected container
     */
    static Found parse(String json) {
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(json);
        }
        catch (JacksonException e) {
            throw new DockerDaemonException("invalid container JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode state = root.path("State");
        JsonNode status = state.path("Status");
        if (!status.isString()) {
            throw new DockerDaemonException("invalid container JSON: no State.Status");
        }
        JsonNode health = state.path("Health");
        if (!health.isObject() || !health.path("Status").isString()) {
            return new Found(status.asString(), null);
        }
        JsonNode log = health.path("Log");
        JsonNode last = log.isArray() && !log.isEmpty() ? log.get(log.size() - 1) : null;
        String output = last == null ? "" : last.path("Output").asString("").strip();
        Duration duration = last == null ? null : duration(last.path("Start"), last.path("End"));
        return new Found(status.asString(), new Health(health.path("Status").asString(), output, duration));
    }

    /** Returns the message of an Engine API error body {@code {"message": ...}}, or the body itself. */
    static String message(String body) {
        try {
            JsonNode message = JsonMapper.shared().readTree(body).path("message");
            if (message.isString()) {
                return message.asString();
            }
        }
        catch (JacksonException ignored) {
            // not JSON: the body itself is the best message there is
        }
        return body.strip();
    }

    private static @Nullable Duration duration(JsonNode start, JsonNode end) {
        if (!start.isString() || !end.isString()) {
            return null;
        }
        try {
            Duration d = Duration.between(OffsetDateTime.parse(start.asString()), OffsetDateTime.parse(end.asString()));
            return d.isNegative() ? null : d;
        }
        catch (DateTimeParseException ignored) {
            // an odd timestamp only costs the latency; the health status is still good
            return null;
        }
    }

    /**
     * The daemon knows no such container (HTTP 404).
     *
     * @param message the daemon's message, such as {@code "No such container: web"}
     */
    record Missing(String message) implements DockerInspection {
        public Missing {
            requireNonNull(message, "message");
        }
    }

    /**
     * The container exists.
     *
     * @param status {@code created}, {@code running}, {@code paused}, {@code restarting}, {@code removing},
     *         {@code exited} or {@code dead}
     * @param health its health check, or {@code null} when it has none
     */
    record Found(String status, @Nullable Health health) implements DockerInspection {
        public Found {
            requireNonNull(status, "status");
        }
    }

    /**
     * The state of a container's health check.
     *
     * @param status {@code starting}, {@code healthy}, {@code unhealthy} or {@code none}
     * @param lastOutput the output of the last health check run, stripped; empty when there is none
     * @param lastDuration how long the last run took, or {@code null} when unknown
     */
    record Health(String status, String lastOutput, @Nullable Duration lastDuration) {
        public Health {
            requireNonNull(status, "status");
            requireNonNull(lastOutput, "lastOutput");
        }
    }
}
