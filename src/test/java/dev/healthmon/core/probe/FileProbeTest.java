package dev.healthmon.core.probe;

import static dev.healthmon.core.probe.HttpProbeTest.assertResult;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.healthmon.core.model.HealthCheckConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class FileProbeTest {

    private final Probe probe = Probes.create().file(HealthCheckConfig.defaults());

    @TempDir
    Path dir;

    @Test
    void passesWhenTheFileOrDirectoryExists() throws Exception {
        Path index = Files.writeString(dir.resolve("index.html"), "<h1>hi</h1>");

        assertResult(probe, index.toUri(), true, "file " + index + " exists");
        assertResult(probe, dir.toUri(), true, "directory " + dir + " exists");
    }

    @Test
    void failsWhenThePathIsMissing() {
        Path missing = dir.resolve("missing");

        assertResult(probe, missing.toUri(), false, "no such file or directory " + missing);
    }

    @Test
    void anUnreadablePathIsACheckError() throws Exception {
        // tests run as root, which reads a chmod 000 file anyway; a symbolic link loop (ELOOP) is an I/O failure
        // that root cannot bypass
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);

        StepVerifier.create(probe.check(a.toUri()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FileSystemException.class)
                        .hasMessageContaining(a.toString()))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void neverBlocksTheThreadThatSubscribes() throws Exception {
        Path index = Files.writeString(dir.resolve("index.html"), "");

        // subscribed on a non-blocking thread: BlockHound fails the test if the file system is touched there
        StepVerifier.create(probe.check(index.toUri()).subscribeOn(Schedulers.parallel()))
                .assertNext(r -> assertThat(r.healthy()).isTrue())
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void failsOnAUrlThatIsNotALocalFile() {
        assertResult(probe, URI.create("http://127.0.0.1/x"), false,
                "unsupported URL http://127.0.0.1/x for a file check: not a file: URL");
    }
}
