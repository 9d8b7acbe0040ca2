package dev.healthmon.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.InvalidConfigException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Name;

/**
 * One monitor as written in {@code healthmon.monitors} or in a JSON request: every value is kept as text, so that
 * {@link MonitorSpecReader} can parse it and say which monitor and field is wrong.
 *
 * @param name the unique name
 * @param url what is checked: {@code http(s)://}, {@code h2c://}, {@code tcp://}, {@code udp://}, {@code file://}
 * @param path path of an HTTP check
 * @param method {@code GET} or {@code HEAD}
 * @param interval time between checks, such as {@code 30s}
 * @param timeout bound on one check
 * @param retries consecutive failures before the down notification
 * @param jitter longest random delay before the periodic schedule starts
 * @param healthyThreshold passes in a row needed to leave unhealthy
 * @param maxErrors check errors in a row that stop the monitor
 * @param expectStatus accepted HTTP status codes
 * @param tlsVerify whether TLS certificates are verified
 * @param payload what a stream check sends
 * @param expect what a stream check must receive
 * @param docker the container behind the URL, if any
 * @param agent the agent that checks the target, if any
 * @param notifyNames the notifications this monitor uses ({@code notify:}); empty for all
 */
public record MonitorProperties(
        @Nullable String name,
        @Nullable String url,
        @Nullable String path,
        @Nullable String method,
        @Nullable String interval,
        @Nullable String timeout,
        @Nullable String retries,
        @Nullable String jitter,
        @Nullable String healthyThreshold,
        @Nullable String maxErrors,
        @Nullable List<String> expectStatus,
        @Nullable String tlsVerify,
        @Nullable String payload,
        @Nullable String expect,
        @Nullable DockerProperties docker,
        @Nullable String agent,
        @Name("notify") @Nullable List<String> notifyNames) {

    private static final Set<String> FIELDS = Set.of("name", "url", "path", "method", "interval", "timeout",
            "retries", "jitter", "healthyThreshold", "maxErrors", "expectStatus", "tlsVerify", "payload", "expect",
            "docker", "agent", "notify");

    public MonitorProperties {
        expectStatus = expectStatus == null ? List.of() : List.copyOf(expectStatus);
        notifyNames = notifyNames == null ? List.of() : List.copyOf(notifyNames);
    }

    /** Returns properties with nothing set. */
    public static MonitorProperties empty() {
        return new MonitorProperties(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    /**
     * Returns the properties written as a decoded JSON object: scalars may be strings, numbers or booleans;
     * {@code expectStatus} and {@code notify} arrays (or one comma-separated string); {@code docker} an object.
     *
     * @throws InvalidConfigException naming the field that is unknown or of the wrong type, and the monitor when
     *         the object names one
     */
    public static MonitorProperties fromMap(Map<String, ?> map) {
        Object rawName = map.get("name");
        try {
            for (String key : map.keySet()) {
                if (!FIELDS.contains(key)) {
                    throw new InvalidConfigException(key, "unknown field (expected one of: "
                            + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
                }
            }
            return new MonitorProperties(text(map, "name"), text(map, "url"), text(map, "path"),
                    text(map, "method"), text(map, "interval"), text(map, "timeout"), text(map, "retries"),
                    text(map, "jitter"), text(map, "healthyThreshold"), text(map, "maxErrors"),
                    texts(map, "expectStatus"), text(map, "tlsVerify"), text(map, "payload"), text(map, "expect"),
                    docker(map.get("docker")), text(map, "agent"), texts(map, "notify"));
        }
        catch (InvalidConfigException e) {
            throw rawName instanceof String named && !named.isBlank() ? e.forMonitor(named) : e;
        }
    }

    /** Returns these properties as a map of the fields that are set, the inverse of {@link #fromMap(Map)}. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "name", name);
        put(out, "url", url);
        put(out, "path", path);
        put(out, "method", method);
        put(out, "interval", interval);
        put(out, "timeout", timeout);
        put(out, "retries", retries);
        put(out, "jitter", jitter);
        put(out, "healthyThreshold", healthyThreshold);
        put(out, "maxErrors", maxErrors);
        if (!expectStatus().isEmpty()) {
            out.put("expectStatus", expectStatus());
        }
        put(out, "tlsVerify", tlsVerify);
        put(out, "payload", payload);
        put(out, "expect", expect);
        if (docker != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            put(d, "container", docker.container());
            put(d, "host", docker.host());
            out.put("docker", d);
        }
        put(out, "agent", agent);
        if (!notifyNames().isEmpty()) {
            out.put("notify", notifyNames());
        }
        return out;
    }

    /** Returns a copy with {@code name} set. */
    public MonitorProperties withName(@Nullable String value) {
        return new MonitorProperties(value, url, path, method, interval, timeout, retries, jitter, healthyThreshold,
                maxErrors, expectStatus, tlsVerify, payload, expect, docker, agent, notifyNames);
    }

    private static void put(Map<String, Object> out, String key, @Nullable Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    private static @Nullable String text(Map<String, ?> map, String field) {
        Object value = map.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new InvalidConfigException(field, "expected a single value, got " + kind(value));
    }

    private static @Nullable List<String> texts(Map<String, ?> map, String field) {
        Object value = map.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.split("\\s*,\\s*"));
        }
        if (value instanceof Number n) {
            return List.of(n.toString());
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String || item instanceof Number)) {
                    throw new InvalidConfigException(field, "expected a list of values, got an item that is "
                            + kind(item));
                }
                out.add(item.toString());
            }
            return out;
        }
        throw new InvalidConfigException(field, "expected a list, got " + kind(value));
    }

    private static @Nullable DockerProperties docker(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String container) {
            return new DockerProperties(container, null);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidConfigException("docker", "expected an object {container, host}, got " + kind(value));
        }
        for (Object key : map.keySet()) {
            if (!"container".equals(key) && !"host".equals(key)) {
                throw new InvalidConfigException("docker." + key, "unknown field (expected: container, host)");
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> fields = (Map<String, ?>) map;
        return new DockerProperties(text(fields, "container"), text(fields, "host"));
    }

    private static String kind(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        return value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /**
     * The Docker container whose health the daemon reports.
     *
     * @param container the container's name or id
     * @param host the daemon, such as {@code unix:///var/run/docker.sock}; unset for {@code DOCKER_HOST}
     */
    public record DockerProperties(@Nullable String container, @Nullable String host) {
    }
}
