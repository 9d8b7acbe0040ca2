package dev.healthmon.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.healthmon.core.model.ConfigMap;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.Maintenance;
import org.springframework.scheduling.support.CronExpression;

/**
 * Reads {@code healthmon.maintenance}: each window's {@code name}, {@code cron} (Spring's six fields, such as
 * {@code "0 0 2 * * SUN"}), {@code duration}, {@code zone} (UTC by default), and the {@code monitors} (a list, or
 * {@code all}) and {@code groups} it applies to. Spring's {@link CronExpression} is adapted here, so that core
 * takes only a "next start" function.
 *
 * <pre>{@code
 * List<Maintenance> windows = MaintenanceReader.read(properties.maintenance());
 * }</pre>
 */
public final class MaintenanceReader {

    private static final Set<String> KEYS = Set.of("name", "cron", "duration", "zone", "monitors", "groups");

    private MaintenanceReader() {
    }

    /**
     * Returns the windows written as {@code written}.
     *
     * @throws InvalidConfigException naming {@code maintenance[i].<key>} (and the window's name once known)
     */
    public static List<Maintenance> read(List<? extends Map<String, ?>> written) {
        List<Maintenance> windows = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < written.size(); i++) {
            ConfigMap in = ConfigMap.of("maintenance[" + i + "].", written.get(i));
            in.allowOnly(KEYS, "a maintenance window");
            String name = in.required("name");
            if (!names.add(name)) {
                throw in.invalid("name", "duplicate maintenance window '" + name + "'");
            }
            windows.add(window(in, name));
        }
        return List.copyOf(windows);
    }

    private static Maintenance window(ConfigMap in, String name) {
        String cronText = in.required("cron");
        CronExpression cron;
        try {
            cron = CronExpression.parse(cronText);
        }
        catch (IllegalArgumentException e) {
            throw in.invalid("cron", "window '" + name + "': invalid cron '" + cronText + "' (" + e.getMessage()
                    + "; such as \"0 0 2 * * SUN\")");
        }
        Duration duration = in.positiveDuration("duration");
        if (duration == null) {
            throw in.invalid("duration", "window '" + name + "': missing duration (such as 1h)");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(in.text("zone", "UTC"));
        }
        catch (DateTimeException e) {
            throw in.invalid("zone", "window '" + name + "': unknown zone '" + in.text("zone") + "' (such as "
                    + "Europe/Paris)");
        }
        List<String> monitors = in.list("monitors");
        boolean all = monitors.size() == 1 && monitors.get(0).equals("all");
        List<String> groups = in.list("groups");
        if (monitors.isEmpty() && groups.isEmpty()) {
            throw in.invalid("monitors", "window '" + name + "' applies to nothing (set monitors: [..] or all, "
                    + "or groups: [..])");
        }
        return new Maintenance(name, cron::next, duration, zone, all,
                all ? Set.of() : new LinkedHashSet<>(monitors), new LinkedHashSet<>(groups));
    }
}
