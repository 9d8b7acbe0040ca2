package dev.healthmon.core.machine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.healthmon.core.model.InvalidConfigException;

/**
 * Checks the {@code dependsOn} graph of a set of monitors: every parent exists, and no monitor depends on itself,
 * directly or through others.
 *
 * <pre>{@code
 * Dependencies.check(Map.of("api", List.of("router"), "router", List.of()));
 * }</pre>
 */
public final class Dependencies {

    private Dependencies() {
    }

    /**
     * Checks {@code dependsOn}, the parents of each monitor by its name.
     *
     * @throws InvalidConfigException naming the monitor and {@code dependsOn}: an unknown monitor
     *         ("unknown monitor 'gateway'") or the cycle ("cycle: a -> b -> a")
     */
    public static void check(Map<String, List<String>> dependsOn) {
        Map<String, List<String>> graph = new TreeMap<>(dependsOn);
        graph.forEach((child, parents) -> {
            for (String parent : parents) {
                if (!graph.containsKey(parent)) {
                    throw new InvalidConfigException("dependsOn", "unknown monitor '" + parent + "'")
                            .forMonitor(child);
                }
            }
        });
        Set<String> done = new HashSet<>();
        for (String name : graph.keySet()) {
            visit(name, graph, new ArrayList<>(), done);
        }
    }

    // depth first; the path is the chain of dependsOn from the first monitor visited
    private static void visit(String name, Map<String, List<String>> graph, List<String> path, Set<String> done) {
        int seen = path.indexOf(name);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(name);
            throw new InvalidConfigException("dependsOn", "cycle: " + String.join(" -> ", cycle))
                    .forMonitor(cycle.get(0));
        }
        if (!done.add(name)) {
            return;
        }
        path.add(name);
        for (String parent : graph.getOrDefault(name, List.of())) {
            visit(parent, graph, path, done);
        }
        path.remove(path.size() - 1);
    }
}
