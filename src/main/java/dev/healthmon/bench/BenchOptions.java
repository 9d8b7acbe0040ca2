package dev.healthmon.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.healthmon.core.model.Durations;
import dev.healthmon.core.model.InvalidConfigException;
import org.jspecify.annotations.Nullable;

/**
 * The options of {@code healthmon bench}.
 *
 * @param monitors how many monitors run
 * @param interval their interval
 * @param timeout their timeout; the service's default (10s) when null
 * @param warmup how long they run before the figures are taken
 * @param duration how long the figures are taken over
 * @param mode {@code http}, {@code http-new}, {@code tcp} or {@code h2c}
 * @param store whether the history store is on
 * @param storeUrl the store's JDBC URL; a SQLite file in a temporary directory when null
 * @param ports how many ports the own target has; the monitors share them round robin
 * @param flip the share of targets flipped to a failure and back every {@code flipEvery}
 * @param flipEvery how often they flip
 * @param flipTo {@code 503} or {@code hole} (accept, read, never answer)
 * @param sse how many SSE clients follow the stream
 * @param targets a file of {@code host port} lines to check instead of the own target
 */
record BenchOptions(int monitors, Duration interval, @Nullable Duration timeout, Duration warmup, Duration duration, String mode, boolean store,
        @Nullable String storeUrl, int ports, double flip, Duration flipEvery, String flipTo, int sse,
        @Nullable Path targets) {

    static final String USAGE = """
            usage: healthmon bench [--monitors 1000] [--interval 1s] [--timeout 10s] [--warmup 10s] [--duration 60s]
                                   [--mode http|http-new|tcp|h2c] [--store on|off] [--store-url jdbc:...]
                                   [--ports N] [--flip 0.1] [--flip-every 10s] [--flip-to 503|hole]
                                   [--sse K] [--targets FILE]
                   healthmon bench store [--monitors 1000] [--days 30] [--interval 30s] [--url jdbc:...]
                                         [--direct] [--queries-only] [--runs 7]
                   healthmon bench hostile [--monitors 5000] [--duration 30s]
                   healthmon bench target --ports N [--flip P] [--flip-to 503|hole]""";

    private static final List<String> MODES = List.of("http", "http-new", "tcp", "h2c");

    BenchOptions {
        if (monitors < 1) {
            throw new InvalidConfigException("bench.monitors", monitors + " (expected: >= 1)");
        }
        if (!MODES.contains(mode)) {
            throw new InvalidConfigException("bench.mode", "'" + mode + "' (expected: one of " + MODES + ")");
        }
        if (flip < 0 || flip > 1) {
            throw new InvalidConfigException("bench.flip", flip + " (expected: a share from 0 to 1)");
        }
        if (!flipTo.equals("503") && !flipTo.equals("hole")) {
            throw new InvalidConfigException("bench.flip-to", "'" + flipTo + "' (expected: 503 or hole)");
        }
        if (ports < 1) {
            throw new InvalidConfigException("bench.ports", ports + " (expected: >= 1)");
        }
        if (sse < 0) {
            throw new InvalidConfigException("bench.sse", sse + " (expected: >= 0)");
        }
    }

    static BenchOptions parse(List<String> args) {
        int monitors = 1000;
        Duration interval = Duration.ofSeconds(1);
        Duration timeout = null;
        Duration warmup = Duration.ofSeconds(10);
        Duration duration = Duration.ofSeconds(60);
        String mode = "http";
        boolean store = true;
        String storeUrl = null;
        Integer ports = null;
        double flip = 0;
        Duration flipEvery = Duration.ofSeconds(10);
        String flipTo = "503";
        int sse = 0;
        Path targets = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            }
            else if (i + 1 < args.size()) {
                value = args.get(++i);
            }
            else {
                throw new InvalidConfigException("bench", "option '" + arg + "' needs a value");
            }
            switch (name) {
                case "--monitors" -> monitors = integer(name, value);
                case "--interval" -> interval = duration(name, value);
                case "--timeout" -> timeout = duration(name, value);
                case "--warmup" -> warmup = duration(name, value);
                case "--duration" -> duration = duration(name, value);
                case "--mode" -> mode = value.toLowerCase(Locale.ROOT);
                case "--store" -> store = switch (value) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new InvalidConfigException("bench.store", "'" + value + "' (expected: on or off)");
                };
                case "--store-url" -> storeUrl = value;
                case "--ports" -> ports = integer(name, value);
                case "--flip" -> flip = share(name, value);
                case "--flip-every" -> flipEvery = duration(name, value);
                case "--flip-to" -> flipTo = value;
                case "--sse" -> sse = integer(name, value);
                case "--targets" -> targets = Path.of(value);
                default -> throw new InvalidConfigException("bench", "unknown option '" + name + "'");
            }
        }
        if (sse > 0 && flip == 0) {
            // without status changes there is no delay to measure
            flip = 0.01;
        }
        return new BenchOptions(monitors, interval, timeout, warmup, duration, mode, store, storeUrl,
                ports == null ? monitors : ports, flip, flipEvery, flipTo, sse, targets);
    }

    /** Returns the checks due per second. */
    double scheduledPerSecond() {
        return monitors * 1e9 / interval.toNanos();
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", ""));
        }
        catch (NumberFormatException e) {
            throw new InvalidConfigException("bench." + name.substring(2), "'" + value + "' is not a number");
        }
    }

    private static double share(String name, String value) {
        try {
            return Double.parseDouble(value);
        }
        catch (NumberFormatException e) {
            throw new InvalidConfigException("bench." + name.substring(2), "'" + value + "' is not a number");
        }
    }

    private static Duration duration(String name, String value) {
        try {
            return Durations.parse(value);
        }
        catch (RuntimeException e) {
            throw new InvalidConfigException("bench." + name.substring(2), "'" + value + "' is not a duration");
        }
    }
}
