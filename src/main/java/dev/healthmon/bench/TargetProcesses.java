package dev.healthmon.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarFile;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.healthmon.app.HealthmonApplication;

/**
 * The benchmark's own targets: {@link TargetServer}s in child JVMs, as many as the file-descriptor limit needs
 * (each port costs a listening socket and an accepted connection), their ports in order, and their counts of
 * accepted connections and requests.
 */
final class TargetProcesses implements AutoCloseable {

    private static final Duration START = Duration.ofMinutes(5);

    private final List<Child> children = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private TargetProcesses() {
    }

    /** Starts child processes with {@code count} ports in all, flipping a share {@code flip} to {@code flipTo}. */
    static TargetProcesses start(int count, double flip, String flipTo, boolean h2cOnly) throws IOException {
        TargetProcesses targets = new TargetProcesses();
        int perProcess = portsPerProcess();
        try {
            for (int first = 0; first < count; first += perProcess) {
                int ports = Math.min(perProcess, count - first);
                targets.children.add(Child.start(List.of("--ports", Integer.toString(ports), "--flip",
                        Double.toString(flip), "--flip-to", flipTo, "--protocol", h2cOnly ? "h2c" : "any")));
            }
            for (Child child : targets.children) {
                targets.ports.addAll(child.ports());
            }
        }
        catch (IOException | RuntimeException e) {
            targets.close();
            throw e;
        }
        return targets;
    }

    List<Integer> ports() {
        return ports;
    }

    int processes() {
        return children.size();
    }

    /** Flips the flipped share of every child's ports. */
    void flip() {
        children.forEach(child -> child.send("flip"));
    }

    /** Returns the accepted connections and requests of all children, and their CPU time in µs. */
    long[] stats() {
        long[] sum = new long[3];
        for (Child child : children) {
            long[] one = child.stats();
            sum[0] += one[0];
            sum[1] += one[1];
            sum[2] += child.cpuMicros();
        }
        return sum;
    }

    @Override
    public void close() {
        for (Child child : children) {
            child.process.destroy();
        }
        for (Child child : children) {
            try {
                if (!child.process.waitFor(5, TimeUnit.SECONDS)) {
                    child.process.destroyForcibly();
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                child.process.destroyForcibly();
            }
        }
    }

    // half the descriptors the limit allows, less some for the JVM itself: a listening socket and a connection each
    private static int portsPerProcess() {
        long limit = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 4096;
        return (int) Math.max(1, Math.min(50_000, (limit - 1000) / 2));
    }

    /** Returns the command that runs {@code HealthmonApplication} with {@code args}, as this JVM was run. */
    static List<String> javaCommand(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        String classPath = System.getProperty("java.class.path");
        if (isBootJar(classPath)) {
            command.addAll(List.of("-jar", classPath));
        }
        else {
            command.addAll(List.of("-cp", classPath, HealthmonApplication.class.getName()));
        }
        command.addAll(args);
        return command;
    }

    private static boolean isBootJar(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar") || !Files.isRegularFile(
                Path.of(classPath))) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Start-Class") != null;
        }
        catch (IOException e) {
            return false;
        }
    }

    private static final class Child {

        private final Process process;
        private final Writer commands;
        private final CompletableFuture<List<Integer>> ports = new CompletableFuture<>();
        private final BlockingQueue<long[]> stats = new ArrayBlockingQueue<>(4);

        private Child(Process process) {
            this.process = process;
            this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static Child start(List<String> args) throws IOException {
            List<String> targetArgs = new ArrayList<>(List.of("bench", "target"));
            targetArgs.addAll(args);
            Process process = new ProcessBuilder(javaCommand(List.of("-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=4", "-Dlogging.level.root=WARN"), targetArgs))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            Child child = new Child(process);
            Thread reader = new Thread(child::readOutput, "bench-target-output");
            reader.setDaemon(true);
            reader.start();
            return child;
        }

        List<Integer> ports() throws IOException {
            try {
                return ports.get(START.toSeconds(), TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the target started", e);
            }
            catch (TimeoutException e) {
                throw new IOException("the target process did not listen within " + START, e);
            }
            catch (ExecutionException e) {
                throw new IOException("the target process did not start: " + e.getCause().getMessage(), e);
            }
        }

        void send(String command) {
            try {
                commands.write(command + "\n");
                commands.flush();
            }
            catch (IOException e) {
                throw new IllegalStateException("the target process is gone: " + e.getMessage(), e);
            }
        }

        long[] stats() {
            send("stats");
            try {
                long[] answer = stats.poll(10, TimeUnit.SECONDS);
                if (answer == null) {
                    throw new IllegalStateException("the target process did not answer 'stats' within 10s");
                }
                return answer;
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        long cpuMicros() {
            long[] times = Report.cpuMicros(Long.toString(process.pid()));
            return times == null ? -1 : times[0] + times[1];
        }

        private void readOutput() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("ports")) {
                        ports.complete(Arrays.stream(line.substring(5).trim().split(" "))
                                .filter(p -> !p.isEmpty())
                                .map(Integer::valueOf)
                                .toList());
                    }
                    else if (line.startsWith("stats ")) {
                        String[] parts = line.split(" ");
                        stats.offer(new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
                    }
                }
            }
            catch (IOException ignored) {
                // the process ended: what it said is all there is
            }
            ports.completeExceptionally(new IOException("the target process ended"));
        }
    }
}
