package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.healthmon.config.HealthmonProperties;
import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorSettings;
import dev.healthmon.core.model.Setting;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault suite's bad input on the config file side (issue 12): every key of a monitor (each row of
 * {@link MonitorSettings}), of {@code healthmon.defaults}, and of every service-level block of
 * {@link HealthmonProperties} (read from its records, so a key added later is tried too) is written into the file
 * with malformed, overflowing and hostile values and reloaded. A value that is refused must be named by its field
 * (and its monitor), and change nothing: the same monitor instances, started at the same time, with the same config.
 */
class ConfigFileFaultTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final LocalTarget TARGET = LocalTarget.start();
    private static final String BASE = """
            healthmon:
              config: { watch: false }
              history: { enabled: false }
            %s
              monitors:
                - { name: keep, url: "%s"%s }
            """;
    /** The base monitor's own settings, left out when the key tried is one of them. */
    private static final Map<String, String> KEEP = Map.of("interval", "1h", "jitter", "0s");

    /** Keys that take any text, so that no value of the list below is wrong for them. */
    private static final Set<String> FREE_TEXT = Set.of("api.token", "agents.token", "history.username",
            "history.password");

    /** Keys that come in pairs: one alone is refused naming the other, which is missing. */
    private static final Map<String, String> PAIRS = Map.of("agents.certificate", "agents.key", "agents.key",
            "agents.certificate");

    /** Values as YAML flow scalars and collections: overflowing, negative, NaN, wrong types, hostile text. */
    private static final List<String> HOSTILE = List.of("\"\"", "\" \"", "\"PT2562048H\"", "\"99999999999d\"",
            "\"366d\"", "99999999999999999999", "-1", "0", ".nan", ".inf", "-.inf", "1e309", "\"-1s\"", "\"1ns\"",
            "true", "[]", "[1, \"two\", [3]]", "{ a: { b: c } }", "\"\\0\\r\\n<script>\"", "\"../../etc/passwd\"",
            "\"..%2F..%2Fetc\"", "\"file:///etc/shadow\"", "\"gopher://127.0.0.1:70/x\"",
            "\"http://user:pass@127.0.0.2:1/?token=x\"", "\"" + "x".repeat(5000) + "\"", "\"\\u202e\\u200b\"");

    @TempDir
    static Path dir;

    @AfterAll
    static void stopTarget() {
        TARGET.close();
    }

    @Test
    void everyKeyOfTheFileWithHostileValuesIsRefusedByNameOrAcceptedAndARefusalChangesNothing()
            throws IOException {
        Path file = dir.resolve("healthmon.yml");
        String original = BASE.formatted("", TARGET.url(), keep(""));
        Files.writeString(file, original);
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(HealthmonApplication.class).run(
                "--spring.config.location=classpath:/application.yml,file:" + file,
                "--server.address=127.0.0.1", "--server.port=0")) {
            MonitorRegistry registry = service.getBean(MonitorRegistry.class);
            int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port", "0"));
            Awaits.status(registry, "keep", HealthStatus.HEALTHY, WAIT);
            Reloads reloads = new Reloads(port, file, registry, original);

            for (Setting<?> setting : MonitorSettings.all()) {
                if (setting.key().equals("name") || setting.key().equals("url")) {
                    for (String value : HOSTILE) {
                        String monitor = "  monitors:\n    - { name: " + (setting.key().equals("name") ? value
                                : "keep") + ", url: " + (setting.key().equals("url") ? value : "\"" + TARGET.url()
                                + "\"") + ", interval: 1h, jitter: 0s }\n";
                        reloads.tryKey("monitor " + setting.key(), setting.key(),
                                "healthmon:\n  config: { watch: false }\n  history: { enabled: false }\n" + monitor);
                    }
                    continue;
                }
                for (String value : HOSTILE) {
                    reloads.tryKey("monitor " + setting.key(), setting.key(),
                            BASE.formatted("", TARGET.url(), keep(setting.key()) + ", " + setting.key() + ": " + value));
                    reloads.tryKey("defaults." + setting.key(), "defaults." + setting.key(),
                            BASE.formatted("  defaults: { " + setting.key() + ": " + value + " }", TARGET.url(),
                                    keep(setting.key())));
                }
            }
            for (String key : serviceKeys()) {
                String block = key.substring(0, key.indexOf('.'));
                String field = key.substring(key.indexOf('.') + 1);
                boolean wholeNumber = false;
                for (RecordComponent component : HealthmonProperties.class.getRecordComponents()) {
                    if (component.getName().equals(block)) {
                        wholeNumber = Arrays.stream(component.getType().getRecordComponents())
                                .anyMatch(c -> c.getName().equals(field) && c.getType() == Integer.class);
                    }
                }
                for (String value : HOSTILE) {
                    // config and history are in the base file already: their keys are set by a second block
                    String yaml = BASE.formatted("  " + block + ": { " + field + ": " + value + " }", TARGET.url(),
                            keep(""));
                    if (block.equals("config") || block.equals("history")) {
                        yaml = yaml.replace("  " + block + ": { " + (block.equals("config") ? "watch: false"
                                : "enabled: false") + " }\n", "");
                        if (!field.equals(block.equals("config") ? "watch" : "enabled")) {
                            yaml = yaml.replace("{ " + field + ": ", "{ " + (block.equals("config")
                                    ? "watch: false, " : "enabled: false, ") + field + ": ");
                        }
                    }
                    boolean accepted = reloads.tryKey(key, key, yaml);
                    if (wholeNumber && accepted && (value.equals("-1") || value.equals("0"))) {
                        reloads.acceptedWholeNumbers.add(key + " = " + value);
                    }
                }
            }
            reloads.report();
            assertThat(reloads.unnamed).as("refusals that do not name the field (and the monitor)").isEmpty();
            assertThat(reloads.changed).as("refusals after which a monitor was not as before").isEmpty();
            assertThat(reloads.failed).as("reloads answered neither 200 nor 400").isEmpty();
            assertThat(reloads.neverRefused()).as("keys that took every hostile value").isEmpty();
            // every whole number of the service is a count or a size: -1 and 0 are never one, as start-up says
            assertThat(reloads.acceptedWholeNumbers).as("whole-number keys that took -1 or 0").isEmpty();
        }
    }

    /** Returns the base monitor's settings but {@code key}, each as {@code ", key: value"}. */
    private static String keep(String key) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(KEEP).forEach((name, value) -> {
            if (!name.equals(key)) {
                out.append(", ").append(name).append(": ").append(value);
            }
        });
        return out.toString();
    }

    /** Returns every {@code block.key} of the service-level records of {@link HealthmonProperties}. */
    private static List<String> serviceKeys() {
        List<String> keys = new ArrayList<>();
        for (RecordComponent block : HealthmonProperties.class.getRecordComponents()) {
            if (!block.getType().isRecord()) {
                continue;
            }
            for (RecordComponent key : block.getType().getRecordComponents()) {
                keys.add(block.getName() + "." + key.getName());
            }
        }
        return keys;
    }

    /** Writes files, reloads them and keeps the counts. */
    private static final class Reloads {

        private final int port;
        private final Path file;
        private final MonitorRegistry registry;
        private final String original;
        private final Map<String, Integer> refusedByKey = new TreeMap<>();
        private final Map<String, Integer> acceptedByKey = new TreeMap<>();
        final List<String> unnamed = new ArrayList<>();
        final List<String> changed = new ArrayList<>();
        final List<String> failed = new ArrayList<>();
        final List<String> acceptedWholeNumbers = new ArrayList<>();
        private Map<String, Object> state;
        private int reloads;

        Reloads(int port, Path file, MonitorRegistry registry, String original) {
            this.port = port;
            this.file = file;
            this.registry = registry;
            this.original = original;
            this.state = state();
        }

        /** Returns whether the file was accepted. */
        boolean tryKey(String key, String field, String yaml) throws IOException {
            Files.writeString(file, yaml);
            RawHttp.Answer answer = reload();
            refusedByKey.putIfAbsent(key, 0);
            if (answer.status() == 400) {
                refusedByKey.merge(key, 1, Integer::sum);
                JsonNode json = JsonMapper.shared().readTree(answer.body());
                String named = json.path("field").asString("");
                boolean monitorNamed = !key.startsWith("monitor ") || json.path("monitor").asString("").equals("keep")
                        || key.equals("monitor name");
                // a field of a list or map is named with its index or key below it: url, url[0], limits.maxBody;
                // a certificate without its key is named by the key that is missing, and the other way round
                String expected = PAIRS.getOrDefault(field, field);
                if (!(named.equals(field) || named.startsWith(field + ".") || named.startsWith(field + "[")
                        || named.equals(expected) || named.startsWith("monitors[0]." + field)
                        || (key.equals("monitor name") && named.equals("name"))) || !monitorNamed) {
                    unnamed.add(key + " = " + shorten(yaml) + " -> " + shorten(answer.body()));
                }
                Map<String, Object> now = state();
                if (!now.equals(state)) {
                    changed.add(key + " = " + shorten(yaml) + ": " + state + " -> " + now);
                    state = now;
                }
                return false;
            }
            if (answer.status() != 200) {
                failed.add(key + " = " + shorten(yaml) + " -> " + answer.status() + " " + shorten(answer.body()));
                return false;
            }
            // a value that is valid for this key: the file as it was is applied again
            acceptedByKey.merge(key, 1, Integer::sum);
            Files.writeString(file, original);
            RawHttp.Answer restored = reload();
            assertThat(restored.status()).as("the original file reloads: %s", restored.body()).isEqualTo(200);
            state = state();
            return true;
        }

        Set<String> neverRefused() {
            Set<String> keys = new TreeSet<>();
            refusedByKey.forEach((key, refused) -> {
                if (refused == 0 && !FREE_TEXT.contains(key)) {
                    keys.add(key);
                }
            });
            return keys;
        }

        void report() {
            int refused = refusedByKey.values().stream().mapToInt(Integer::intValue).sum();
            int accepted = acceptedByKey.values().stream().mapToInt(Integer::intValue).sum();
            System.out.println("FAULT-SUITE config file: " + refusedByKey.size() + " keys, " + reloads
                    + " reloads (restores included), " + refused + " hostile values refused naming their field, "
                    + accepted + " valid for their key and applied, refusals that changed a monitor: "
                    + changed.size() + ", refusals not naming the field: " + unnamed.size() + ", neither 200 nor 400: "
                    + failed.size() + ", keys that took every value: " + neverRefused());
            refusedByKey.forEach((key, count) -> System.out.println("FAULT-SUITE   " + key + ": refused " + count
                    + ", accepted " + acceptedByKey.getOrDefault(key, 0)));
            Map<String, String> unnamedByKey = new TreeMap<>();
            unnamed.forEach(line -> unnamedByKey.putIfAbsent(line.substring(0, line.indexOf(" = ")), line));
            unnamedByKey.values().forEach(line -> System.out.println("FAULT-SUITE   ! unnamed " + line));
            changed.stream().limit(20).forEach(line -> System.out.println("FAULT-SUITE   ! changed " + line));
            failed.stream().limit(20).forEach(line -> System.out.println("FAULT-SUITE   ! failed " + line));
        }

        private RawHttp.Answer reload() {
            reloads++;
            return RawHttp.send(port, "POST", "/api/v1/config/reload", Map.of("Content-Type", "application/json"),
                    new byte[0], 30_000);
        }

        private Map<String, Object> state() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (HealthMonitor monitor : registry.monitors()) {
                out.put(monitor.name(), Arrays.asList(System.identityHashCode(monitor),
                        monitor.snapshot().started(), monitor.config()));
            }
            return out;
        }

        private static String shorten(String text) {
            String oneLine = text.replaceAll("\\s+", " ");
            return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 160) + "...(" + oneLine.length() + ")";
        }
    }
}
