package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.healthmon.config.HealthmonProperties;
import dev.healthmon.core.model.InvalidConfigException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.OriginTrackedResource;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * The configuration files on disk that the service started from ({@code ./config/application.yml}, or whatever
 * {@code spring.config.location} named), and their reading into {@link HealthmonProperties} exactly as start-up
 * binds them: the same sources in the same order, each file read again from disk, placeholders resolved against
 * the environment ({@code ${HEALTHMON_TOKEN:}}, {@code ${server.port}}), and an unknown key under
 * {@code healthmon:} rejected. Reading blocks: call it off the event loops.
 */
final class ConfigFiles {

    private static final String PREFIX = "healthmon";

    private final ConfigurableEnvironment environment;
    private final List<Path> files;

    private ConfigFiles(ConfigurableEnvironment environment, List<Path> files) {
        this.environment = environment;
        this.files = List.copyOf(files);
    }

    /** Returns the files of {@code environment}'s property sources that come from a file on disk, in order. */
    static ConfigFiles of(ConfigurableEnvironment environment) {
        requireNonNull(environment, "environment");
        List<Path> files = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            Path file = file(source);
            if (file != null && !files.contains(file)) {
                files.add(file);
            }
        }
        return new ConfigFiles(environment, files);
    }

    /** Returns the files, in the order of their property sources (the first wins). */
    List<Path> files() {
        return files;
    }

    /** Returns how the files are named in messages: {@code config/application.yml}, or each path. */
    String describe() {
        if (files.isEmpty()) {
            return "the configuration";
        }
        return files.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    /**
     * Returns the {@code healthmon:} block as the files on disk now say, bound as at start-up. Blocking.
     *
     * @throws InvalidConfigException naming the file when it cannot be read or parsed, or the key that is unknown
     *         or of the wrong type
     */
    HealthmonProperties read() {
        MutablePropertySources sources = new MutablePropertySources();
        Map<Path, Boolean> replaced = new LinkedHashMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
                    || source instanceof MonitorsAside) {
                continue;
            }
            Path file = file(source);
            if (file == null || !files.contains(file)) {
                sources.addLast(source);
            }
            else if (replaced.putIfAbsent(file, true) == null) {
                // a file's documents take the place of the first of its sources, so the order stays as at start
                load(file).forEach(sources::addLast);
            }
        }
        return bind(sources);
    }

    /**
     * Returns the {@code healthmon:} block of {@code environment} bound with the monitors {@link MonitorsAside}
     * took out of its files' sources, exactly as if they had stayed: the way start-up binds them, once, with a
     * binder whose caches of property names go with it.
     *
     * @throws InvalidConfigException naming the key that is unknown or of the wrong type
     */
    static HealthmonProperties bindAtStart(ConfigurableEnvironment environment) {
        MonitorsAside aside = MonitorsAside.in(environment);
        MutablePropertySources sources = new MutablePropertySources();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
                    || source instanceof MonitorsAside) {
                continue;
            }
            sources.addLast(aside == null ? source : aside.original(source));
        }
        return bind(sources);
    }

    private static HealthmonProperties bind(MutablePropertySources sources) {
        Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources), ApplicationConversionService.getSharedInstance());
        try {
            return binder.bind(PREFIX, Bindable.of(HealthmonProperties.class),
                            new NoUnboundElementsBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler(),
                                    new UnboundElementsSourceFilter()))
                    .orElseGet(() -> new HealthmonProperties(null, null, null, null, null, null, null, null, null, null, null, null));
        }
        catch (BindException e) {
            throw invalid(e);
        }
    }

    private static List<PropertySource<?>> load(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        PropertySourceLoader loader = name.endsWith(".properties") || name.endsWith(".xml")
                ? new PropertiesPropertySourceLoader() : new YamlPropertySourceLoader();
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException(file.toString(), "not found, or not a file");
        }
        try {
            return loader.load("Config resource 'file [" + file + "]' (reloaded)", new FileSystemResource(file));
        }
        catch (IOException | RuntimeException e) {
            // a YAML syntax error arrives as an unchecked exception of the parser
            throw new InvalidConfigException(file.toString(), "not readable: " + firstLine(e));
        }
    }

    private static InvalidConfigException invalid(BindException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InvalidConfigException invalid) {
            return invalid;
        }
        if (cause instanceof UnboundConfigurationPropertiesException unbound) {
            String keys = unbound.getUnboundProperties().stream()
                    .map(ConfigurationProperty::getName)
                    .map(Object::toString)
                    .sorted()
                    .collect(Collectors.joining(", "));
            String field = unbound.getUnboundProperties().stream()
                    .map(p -> p.getName().toString())
                    .sorted()
                    .findFirst()
                    .map(key -> key.substring(Math.min(key.length(), PREFIX.length() + 1)))
                    .orElse(PREFIX);
            String known = knownKey(field);
            if (known != null) {
                // an empty value, a list or a map where one value belongs is left unbound by Spring: a known key
                return new InvalidConfigException(known, "empty, or a list or map where it takes none (not a value of "
                        + "this key)");
            }
            return new InvalidConfigException(field, "unknown key (not a setting of healthmon): " + keys);
        }
        String field = e.getName().toString();
        field = field.startsWith(PREFIX + ".") ? field.substring(PREFIX.length() + 1) : field;
        // named as written in the file and the README (sse.clientBuffer), not as Spring names it (sse.client-buffer)
        String known = field.contains("[") ? null : knownKey(field);
        return new InvalidConfigException(known == null ? field : known,
                cause == null ? firstLine(e) : firstLine(cause));
    }

    /**
     * Returns {@code block.key} as {@link HealthmonProperties} spells it when {@code field} (as Spring names it: lower
     * case, maybe with an index, {@code limits.maxbody[0]}) is a key of one of its blocks, or {@code null}.
     */
    private static @Nullable String knownKey(String field) {
        // the block and the key: what follows (an index, the keys of a map written in its place) is the bad value
        String[] names = field.replaceAll("\\[.*$", "").replace("-", "").split("\\.");
        if (names.length < 2) {
            return null;
        }
        String plain = names[0] + "." + names[1];
        int dot = plain.indexOf('.');
        for (RecordComponent block : HealthmonProperties.class.getRecordComponents()) {
            if (!block.getType().isRecord() || !block.getName().equalsIgnoreCase(plain.substring(0, dot))) {
                continue;
            }
            for (RecordComponent key : block.getType().getRecordComponents()) {
                if (key.getName().equalsIgnoreCase(plain.substring(dot + 1))) {
                    return block.getName() + "." + key.getName();
                }
            }
        }
        return null;
    }

    /**
     * Returns the file on disk that {@code source} was read from (a file's document, not a class-path resource), or
     * {@code null}.
     */
    static @Nullable Path file(PropertySource<?> source) {
        if (!(source instanceof EnumerablePropertySource<?> enumerable) || !(source instanceof OriginLookup<?>)) {
            return null;
        }
        String[] names = enumerable.getPropertyNames();
        if (names.length == 0) {
            return null;
        }
        Origin origin = OriginLookup.getOrigin(source, names[0]);
        while (origin != null && !(origin instanceof TextResourceOrigin)) {
            origin = origin.getParent();
        }
        if (!(origin instanceof TextResourceOrigin text)) {
            return null;
        }
        Resource resource = text.getResource();
        while (resource instanceof OriginTrackedResource tracked) {
            resource = tracked.getResource();
        }
        // a class-path resource may sit on disk in a build, but it is part of the program, not its configuration
        if (resource == null || resource instanceof ClassPathResource || !resource.isFile()) {
            return null;
        }
        try {
            return resource.getFile().toPath().normalize();
        }
        catch (IOException ignored) {
            // not a file on disk after all (a jar entry): there is nothing to reload
            return null;
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
