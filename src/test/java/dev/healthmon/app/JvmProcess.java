package dev.healthmon.app;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/** The program as people run it: {@code main} in a JVM of its own, on the production class path. */
public final class JvmProcess {

    private JvmProcess() {
    }

    /** Starts {@code HealthmonApplication} with {@code args} in {@code dir} (the current one when null). */
    public static Process start(@Nullable Path dir, String... args) throws IOException {
        // the production class path: the tests' classes and resources stay out
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                HealthmonApplication.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        return builder.start();
    }

    /**
     * The process's output, read on a thread of its own: the port from the first line {@code listening} matches
     * (its first group), and everything once the process has gone.
     */
    public record Output(CompletableFuture<Integer> port, CompletableFuture<String> all) {

        public static Output of(Process process, Pattern listening) {
            Output output = new Output(new CompletableFuture<>(), new CompletableFuture<>());
            Thread reader = new Thread(() -> {
                StringBuilder text = new StringBuilder();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        text.append(line).append('\n');
                        Matcher m = listening.matcher(line);
                        if (m.find()) {
                            output.port.complete(Integer.valueOf(m.group(1)));
                        }
                    }
                }
                catch (IOException ignored) {
                    // the process went away: what was read is all there is
                }
                output.port.completeExceptionally(new AssertionError("the process never listened:\n" + text));
                output.all.complete(text.toString());
            }, "process-output");
            reader.setDaemon(true);
            reader.start();
            return output;
        }
    }
}
