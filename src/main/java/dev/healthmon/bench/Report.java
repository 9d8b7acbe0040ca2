package dev.healthmon.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The figures of one run, in order: printed as a table for people and as one JSON line (prefixed
 * {@code BENCH_JSON }) for scripts.
 */
final class Report {

    // what /proc/<pid>/stat counts CPU time in: USER_HZ, 100 on Linux
    private static final long TICKS_PER_SECOND = 100;

    private final Map<String, @Nullable Object> figures = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();

    /** Adds a figure with the label of its table row; a {@code null} value is printed as {@code -}. */
    Report put(String key, String label, @Nullable Object value) {
        figures.put(key, value);
        labels.put(key, label);
        return this;
    }

    /** Adds a figure to the JSON line only. */
    Report put(String key, @Nullable Object value) {
        figures.put(key, value);
        return this;
    }

    void print(PrintStream out) {
        int width = labels.values().stream().mapToInt(String::length).max().orElse(10);
        out.println("-".repeat(width + 24));
        labels.forEach((key, label) -> out.printf(Locale.ROOT, "%-" + width + "s  %s%n", label,
                text(figures.get(key))));
        out.println("-".repeat(width + 24));
        out.println("BENCH_JSON " + json());
        out.flush();
    }

    String json() {
        StringBuilder json = new StringBuilder("{");
        figures.forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(key).append("\":");
            if (value == null) {
                json.append("null");
            }
            else if (value instanceof Number || value instanceof Boolean) {
                json.append(number(value));
            }
            else {
                json.append('"').append(value.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        });
        return json.append('}').toString();
    }

    /** Returns the 1, 5 and 15 minute load averages of the machine, as {@code /proc/loadavg} has them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        }
        catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Returns this process's resident set size in bytes ({@code VmRSS} of {@code /proc/self/status}), or -1. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        }
        catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
        return -1;
    }

    /**
     * Returns the user and the system (kernel) CPU time, in microseconds, that {@code /proc/<pid>/stat} (or
     * {@code /proc/self/stat}) counts for a process, or {@code null} where there is none: at 10 ms resolution.
     */
    static long @Nullable [] cpuMicros(String pid) {
        try {
            return userAndSystemMicros(Files.readString(Path.of("/proc", pid, "stat")));
        }
        catch (IOException | RuntimeException e) {
            // not Linux: no figure
            return null;
        }
    }

    /**
     * Returns the CPU time, user and system in microseconds, that {@code /proc/self/task/<tid>/stat} counts for this
     * process's threads of each kind: {@code [jit, gc]}, the JIT compiler's threads ({@code C1 CompilerThread},
     * {@code C2 CompilerThread}) and the garbage collector's ({@code GC Thread#}, {@code G1 ...}); or {@code null}
     * where there is no such file. A thread that ended is no longer counted, as the JVM ends compiler threads it no
     * longer needs: a window's difference can miss some of their time, never add any.
     */
    static long @Nullable [] jvmThreadCpuMicros() {
        long[] kinds = new long[2];
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                }
                catch (IOException e) {
                    // the thread ended between the listing and the read
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                int kind = name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre") ? 0
                        : name.startsWith("GC Thread") || name.startsWith("G1 ") ? 1 : -1;
                if (kind >= 0) {
                    long[] times = userAndSystemMicros(stat);
                    kinds[kind] += times[0] + times[1];
                }
            }
            return kinds;
        }
        catch (IOException | RuntimeException e) {
            // not Linux: no figure
            return null;
        }
    }

    /**
     * Returns the bytes each live thread of this JVM has allocated so far, by thread id, or {@code null} where the
     * JVM does not count them: HotSpot counts a thread's allocation as it hands it memory, so a window's difference
     * is exact for the threads that live through it, and does not move with the machine's load as CPU time does.
     */
    static @Nullable Map<Long, Long> allocatedBytes() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
            return null;
        }
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                byThread.put(ids[i], bytes[i]);
            }
        }
        return byThread;
    }

    /**
     * Returns the bytes allocated between two {@link #allocatedBytes()}, or -1 where either is unknown: a thread
     * started in between counts from zero; a thread that ended in between is not counted.
     */
    static long allocatedBetween(@Nullable Map<Long, Long> before, @Nullable Map<Long, Long> after) {
        if (before == null || after == null) {
            return -1;
        }
        long total = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            total += Math.max(0, thread.getValue() - before.getOrDefault(thread.getKey(), 0L));
        }
        return total;
    }

    // the fields of a stat line after the command's name in parentheses: utime and stime are the 12th and 13th
    private static long[] userAndSystemMicros(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]) * 1_000_000 / TICKS_PER_SECOND,
                Long.parseLong(fields[12]) * 1_000_000 / TICKS_PER_SECOND};
    }

    static Double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static String number(Object value) {
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : BigDecimalText.of(d);
        }
        return value.toString();
    }

    private static String text(@Nullable Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double d) {
            return BigDecimalText.of(d);
        }
        return value.toString();
    }

    private static final class BigDecimalText {
        static String of(double d) {
            return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        }
    }
}
