package dev.healthmon.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL for the store's tests: the one {@code .ci/run} started (its URL in
 * {@code HEALTHMON_TEST_POSTGRES_URL}), else a throwaway cluster started here from Debian's server binaries, else
 * none, and the PostgreSQL tests are skipped.
 */
final class PostgresServer {

    private static final Object LOCK = new Object();
    private static @Nullable PostgresServer instance;
    private static @Nullable String unavailable;

    final String url;
    final String user;
    final String password;

    private PostgresServer(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Returns the server, or {@code null} with {@link #whyNot()} saying why. */
    static @Nullable PostgresServer get() {
        synchronized (LOCK) {
            if (instance == null && unavailable == null) {
                String url = System.getenv("HEALTHMON_TEST_POSTGRES_URL");
                if (url != null && !url.isBlank()) {
                    instance = new PostgresServer(url, env("HEALTHMON_TEST_POSTGRES_USER", "healthmon"),
                            env("HEALTHMON_TEST_POSTGRES_PASSWORD", "healthmon"));
                }
                else {
                    try {
                        instance = startCluster();
                    }
                    catch (IOException | InterruptedException e) {
                        unavailable = "could not start a PostgreSQL cluster: " + e;
                    }
                }
            }
            return instance;
        }
    }

    static String whyNot() {
        return unavailable == null ? "" : unavailable;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static @Nullable PostgresServer startCluster() throws IOException, InterruptedException {
        Path bin = serverBin();
        if (bin == null) {
            unavailable = "no PostgreSQL server installed (/usr/lib/postgresql/*/bin/initdb); apt-get install"
                    + " postgresql to run the PostgreSQL store tests";
            return null;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("healthmon-pg");
        if (root) {
            run(List.of("chown", "postgres", dir.toString()), false);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path data = dir.resolve("data");
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust", "-N"),
                root);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                "-w", "-o", "-k " + dir + " -h 127.0.0.1 -p " + port, "start"), root);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(bin, dir, data, root)));
        run(List.of(bin.resolve("psql").toString(), "-h", dir.toString(), "-p", Integer.toString(port), "-U",
                "postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c", "CREATE ROLE healthmon LOGIN PASSWORD 'healthmon'",
                "-c", "CREATE DATABASE healthmon OWNER healthmon"), root);
        return new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/healthmon", "healthmon", "healthmon");
    }

    private static @Nullable Path serverBin() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElse(null);
        }
    }

    private static void stop(Path bin, Path dir, Path data, boolean root) {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"), root);
            run(List.of("rm", "-rf", dir.toString()), false);
        }
        catch (IOException | InterruptedException ignored) {
            // the JVM is exiting; a leftover temp directory is all that can remain
        }
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed: " + output);
        }
    }
}
