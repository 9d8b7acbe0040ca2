package dev.healthmon.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reload of the config file changes among its monitors: the pure comparison of the specs that run with the
 * specs the file now describes, by name.
 *
 * <pre>{@code
 * ConfigDiff diff = ConfigDiff.between(running, reader.readAll(properties.monitors()));
 * diff.added();      // to start
 * diff.removed();    // to stop
 * diff.changed();    // to replace, keeping their state
 * diff.unchanged();  // left alone
 * }</pre>
 *
 * @param added the specs of monitors that do not run yet, in the file's order
 * @param removed the names of running monitors the file no longer has, in the running order
 * @param changed the new specs of running monitors whose spec differs, in the file's order
 * @param unchanged the names of running monitors whose spec is the same, in the file's order
 */
public record ConfigDiff(List<MonitorSpec> added, List<String> removed, List<MonitorSpec> changed,
        List<String> unchanged) {

    public ConfigDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        unchanged = List.copyOf(unchanged);
    }

    /**
     * Returns the difference between {@code running} (by name) and {@code next}. A spec differs when any of its
     * target, effective check configuration (so a change of {@code healthmon.defaults} that a monitor inherits
     * counts) or notifications differ.
     */
    public static ConfigDiff between(Map<String, MonitorSpec> running, List<MonitorSpec> next) {
        requireNonNull(running, "running");
        requireNonNull(next, "next");
        Map<String, MonitorSpec> remaining = new LinkedHashMap<>(running);
        List<MonitorSpec> added = new ArrayList<>();
        List<MonitorSpec> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (MonitorSpec spec : next) {
            MonitorSpec before = remaining.remove(spec.name());
            if (before == null) {
                added.add(spec);
            }
            else if (before.equals(spec)) {
                unchanged.add(spec.name());
            }
            else {
                changed.add(spec);
            }
        }
        return new ConfigDiff(added, List.copyOf(remaining.keySet()), changed, unchanged);
    }

    /** Returns whether the reload changes no monitor. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** Returns the names of the added monitors. */
    public List<String> addedNames() {
        return added.stream().map(MonitorSpec::name).toList();
    }

    /** Returns the names of the changed monitors. */
    public List<String> changedNames() {
        return changed.stream().map(MonitorSpec::name).toList();
    }
}
