package dev.healthmon.app;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * The monitors of the config files, taken out of the environment before Spring binds anything, and kept here,
 * out of sight, until {@link ConfigFiles#bindAtStart} has bound them; then dropped.
 *
 * <p>Why: Spring keeps every key of every config file for the life of the process, and for each key parses and
 * caches its name in every binder that ever read the file (the environment's own, the one of
 * {@code @ConfigurationProperties}), and remembers each bound key with its origin. A monitor's keys cost some
 * 3.5 KB of heap that way at 10,000 monitors, where the service reads its monitors from the bound properties and,
 * at a reload, from the files on disk, never from the environment again. So each file's property source is
 * replaced by a copy without its {@code healthmon.monitors[..]} keys, but for its first key, so that it still names
 * its file ({@link ConfigFiles#file}); the originals wait here. A property source of no property: a lookup of any
 * name finds nothing, and it lists no names.
 */
final class MonitorsAside extends PropertySource<Map<String, PropertySource<?>>> {

    static final String NAME = "healthmon monitors, until bound";
    private static final String MONITOR_KEYS = "healthmon.monitors[";

    private final Map<String, PropertySource<?>> originals;

    private MonitorsAside(Map<String, PropertySource<?>> originals) {
        super(NAME, originals);
        this.originals = originals;
    }

    /**
     * Takes the monitors' keys out of the property sources of {@code environment}'s config files, and adds the
     * originals to it as a {@link MonitorsAside}; does nothing when no file has a monitor.
     */
    static void takeOut(ConfigurableEnvironment environment) {
        MutablePropertySources sources = environment.getPropertySources();
        Map<String, PropertySource<?>> originals = new ConcurrentHashMap<>();
        for (PropertySource<?> source : sources.stream().toList()) {
            Path file = ConfigFiles.file(source);
            if (!(source instanceof OriginTrackedMapPropertySource tracked) || file == null) {
                continue;
            }
            Map<String, Object> kept = new LinkedHashMap<>();
            boolean first = true;
            for (Map.Entry<String, Object> entry : tracked.getSource().entrySet()) {
                if (first || !entry.getKey().startsWith(MONITOR_KEYS)) {
                    kept.put(entry.getKey(), entry.getValue());
                }
                first = false;
            }
            if (kept.size() < tracked.getSource().size()) {
                sources.replace(source.getName(), new OriginTrackedMapPropertySource(source.getName(),
                        Collections.unmodifiableMap(kept), tracked.isImmutable()));
                originals.put(source.getName(), source);
            }
        }
        if (!originals.isEmpty()) {
            sources.addLast(new MonitorsAside(originals));
        }
    }

    /** Returns the monitors set aside in {@code environment}, or {@code null} when none are (or no longer). */
    static @Nullable MonitorsAside in(ConfigurableEnvironment environment) {
        return environment.getPropertySources().get(NAME) instanceof MonitorsAside aside ? aside : null;
    }

    /** Drops the monitors set aside in {@code environment}: they are bound. */
    static void drop(ConfigurableEnvironment environment) {
        if (environment.getPropertySources().remove(NAME) instanceof MonitorsAside aside) {
            // a binder that read the environment keeps this source in its cache: it must hold nothing then
            aside.originals.clear();
        }
    }

    /** Returns the source that {@code source} replaced, with its monitors, or {@code source} itself. */
    PropertySource<?> original(PropertySource<?> source) {
        PropertySource<?> original = originals.get(source.getName());
        return original == null ? source : original;
    }

    @Override
    public @Nullable Object getProperty(String name) {
        return null;
    }
}
