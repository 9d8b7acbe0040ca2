package dev.healthmon.web;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.InvalidConfigException;

/**
 * What a monitor created through the API may use beyond a plain network target (DESIGN section 13): a
 * {@code file://} URL, a Docker host, an agent, a raw {@code payload} or {@code expect}, each only when
 * {@code healthmon.api.allow} lists it ({@code file}, {@code docker}, {@code agent}, {@code payload}). The config
 * file may use them all: whoever writes it runs the service.
 *
 * @param allowed what is allowed, among {@code file}, {@code docker}, {@code agent} and {@code payload}
 */
record ApiAllowance(Set<String> allowed) {

    ApiAllowance {
        allowed = Set.copyOf(allowed);
    }

    /**
     * Returns {@code written} when it uses only what is allowed.
     *
     * @throws InvalidConfigException naming the first field that uses what is not
     */
    Map<String, Object> check(Map<String, Object> written) {
        Object url = written.get("url");
        if (url instanceof String text && text.trim().toLowerCase(Locale.ROOT).startsWith("file:")) {
            require("file", "url", "a file:// URL");
        }
        if (written.get("docker") != null) {
            require("docker", "docker", "a Docker container");
        }
        if (written.get("agent") != null) {
            require("agent", "agent", "an agent");
        }
        if (written.get("payload") != null) {
            require("payload", "payload", "a raw payload");
        }
        if (written.get("expect") != null) {
            require("payload", "expect", "a raw expected reply");
        }
        return written;
    }

    private void require(String item, String field, String what) {
        if (!allowed.contains(item)) {
            throw new InvalidConfigException(field, what + " is not allowed in a monitor created through the API "
                    + "(add " + item + " to healthmon.api.allow, or define the monitor in the config file)");
        }
    }
}
