package dev.healthmon.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import dev.healthmon.app.JvmProcess;
import org.jspecify.annotations.Nullable;

/**
 * The service as people run it, in a JVM of its own, on a port of 127.0.0.1 that stays the same across a restart, so
 * the page's {@code EventSource} finds it again.
 */
public final class ServiceUnderTest implements AutoCloseable {

    /**
     * The line that says the service is ready: every monitor of the config runs and the dashboard has been answered
     * once (DashboardWarmUp); the web server listens before that.
     */
    private static final Pattern READY = Pattern.compile("healthmon ready: (\\d+) monitor");
    /** Generous: 10,000 monitors start in seconds, but a machine shared with other builds can be far slower. */
    private static final Duration START = Duration.ofSeconds(240);
    private static final int PORT_ATTEMPTS = 3;

    private final Path dir;
    private final List<String> args;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private @Nullable Process process;

    private ServiceUnderTest(Path dir, List<String> args, int port) {
        this.dir = dir;
        this.args = args;
        this.port = port;
    }

    /** Starts the service in {@code dir} with {@code yaml} on top of the bundled settings, and waits for its port. */
    public static ServiceUnderTest start(Path dir, String yaml, String... extraArgs) throws Exception {
        Path config = dir.resolve("healthmon.yml");
        Files.writeString(config, yaml);
        List<String> args = new ArrayList<>(List.of(
                "--spring.config.location=classpath:/application.yml,file:" + config, "--server.address=127.0.0.1"));
        args.addAll(List.of(extraArgs));
        for (int attempt = 1; ; attempt++) {
            ServiceUnderTest service = new ServiceUnderTest(dir, args, freePort());
            try {
                service.up();
                return service;
            }
            catch (AssertionError e) {
                // the free port was taken meanwhile (a start takes seconds on a busy machine, and benchmarks on the
                // same machine listen on thousands of ports): another one
                if (attempt == PORT_ATTEMPTS || !String.valueOf(e.getMessage()).contains("already in use")) {
                    throw e;
                }
            }
        }
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Starts the process again on the same port, and waits until its monitors run. */
    public synchronized void up() throws Exception {
        if (process != null) {
            return;
        }
        List<String> all = new ArrayList<>(args);
        all.add("--server.port=" + port);
        Process started = JvmProcess.start(dir, all.toArray(String[]::new));
        JvmProcess.Output output = JvmProcess.Output.of(started, READY);
        try {
            output.port().get(START.toSeconds(), TimeUnit.SECONDS);
        }
        catch (ExecutionException | TimeoutException e) {
            started.destroyForcibly();
            throw new AssertionError("the service did not start on port " + port + " within " + START + ":\n"
                    + output.all().completeOnTimeout("", 10, TimeUnit.SECONDS).get(), e);
        }
        process = started;
    }

    /** Stops the process with SIGTERM, as people do, and waits for it to exit. */
    public synchronized void down() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.toHandle().destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Returns the status code and body of {@code method path} with a JSON body (or none) and a bearer token. */
    public HttpResponse<String> call(String method, String path, @Nullable String json, @Nullable String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        down();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
