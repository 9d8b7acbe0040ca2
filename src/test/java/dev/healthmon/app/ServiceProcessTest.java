package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.healthmon.testing.ServiceUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service as people run it, in its own JVM on the production class path: an invalid config exits non-zero
 * with a short message, SIGTERM ends the streams and the process within seconds, and the bundled config's
 * monitors are healthy from their first check.
 */
class ServiceProcessTest {

    private static final Pattern PORT = Pattern.compile("Netty started on port (\\d+)");

    @TempDir
    Path dir;

    @Test
    void invalidConfigExitsNonZeroWithAShortMessage() throws Exception {
        Path config = write("healthmon:\n  monitors:\n"
                + "    - { name: api, url: \"http://localhost:1\", interval: 0s }\n");
        Process process = start(config);
        JvmProcess.Output output = JvmProcess.Output.of(process, PORT);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process exits").isTrue();
        String text = output.all().get(10, TimeUnit.SECONDS);

        assertThat(process.exitValue()).isNotZero();
        assertThat(text).contains("Invalid configuration: monitor 'api': interval: non-positive interval 0s")
                .doesNotContain("\tat ")
                .doesNotContain("Exception in thread");
    }

    @Test
    void sigtermEndsTheStreamsAndTheProcessWithinSeconds() throws Exception {
        try (LocalTarget target = LocalTarget.start()) {
            Path config = write("healthmon:\n  monitors:\n    - { name: db, url: \"" + target.url() + "\" }\n");
            Process process = start(config);
            JvmProcess.Output output = JvmProcess.Output.of(process, PORT);
            try {
                int port = output.port().get(60, TimeUnit.SECONDS);
                try (SseConnection sse = SseConnection.open(port, "/api/v1/health/stream", Map.of())) {
                    assertThat(sse.nextEvent(Duration.ofSeconds(10)).event()).isEqualTo("snapshot");

                    long start = System.nanoTime();
                    // SIGTERM; Process.destroy() would also close our end of its output
                    assertThat(process.toHandle().destroy()).isTrue();
                    assertThat(sse.endsWithin(Duration.ofSeconds(5))).as("the stream ends").isTrue();
                    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the process exits").isTrue();

                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                    assertThat(output.all().get(10, TimeUnit.SECONDS)).contains("healthmon stopped 1 monitor(s)");
                }
            }
            finally {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void theBundledConfigsMonitorsAreHealthyFromTheirFirstCheck() throws Exception {
        // what the README's run command starts: config/application.yml of this repository, in a directory of its
        // own (its README.md for the file monitor, its ./data for the store), on a port of its own
        Files.writeString(dir.resolve("README.md"), "healthmon\n");
        String bundled = Files.readString(Path.of("config/application.yml"));
        try (ServiceUnderTest service = ServiceUnderTest.start(dir, bundled)) {
            List<String> names = new ArrayList<>();
            JsonMapper.shared().readTree(service.call("GET", "/api/v1/health", null, null).body())
                    .propertyNames().forEach(names::add);
            assertThat(names).containsExactlyInAnyOrder("self", "self-port", "readme");
            for (String name : names) {
                SseConnection.awaitStatus(service.port(), name, "healthy", Duration.ofSeconds(30));
                // a first check that failed is an incident, written at once: there is none
                assertThat(service.call("GET", "/api/v1/monitors/" + name + "/incidents", null, null).body())
                        .as("incidents of %s", name).isEqualTo("[]");
            }
        }
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("healthmon.yml");
        Files.writeString(file, yaml);
        return file;
    }

    private Process start(Path config) throws IOException {
        return JvmProcess.start(dir, "--spring.config.location=classpath:/application.yml,file:" + config,
                "--server.port=0");
    }
}
