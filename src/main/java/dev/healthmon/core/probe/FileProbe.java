package dev.healthmon.core.probe;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import dev.healthmon.core.model.HealthCheckResult;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Checks a {@code file:///path} target: passes when the path exists, fails when it is missing; any other I/O
 * failure (permission denied, a symbolic link loop) is a check that could not be performed. The file system is
 * blocking, so the check runs on {@link Schedulers#boundedElastic()}.
 */
final class FileProbe implements Probe {

    FileProbe() {
    }

    /**
     * Returns the path of a {@code file:} URL.
     *
     * @throws IllegalArgumentException when {@code url} is not a local, absolute {@code file:} URL
     */
    static Path pathOf(URI url) {
        if (!Endpoint.scheme(url).equals("file")) {
            throw new IllegalArgumentException("not a file: URL");
        }
        return Path.of(url);
    }

    @Override
    public Mono<HealthCheckResult> check(URI url) {
        return Mono.defer(() -> {
            Path path;
            try {
                path = pathOf(url);
            }
            catch (IllegalArgumentException e) {
                return Mono.just(HealthCheckResult.unhealthy("unsupported URL " + url + " for a file check: "
                        + e.getMessage()));
            }
            return Mono.fromCallable(() -> stat(path)).subscribeOn(Schedulers.boundedElastic());
        });
    }

    private static HealthCheckResult stat(Path path) throws IOException {
        long start = Latency.start();
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return HealthCheckResult.healthy(Latency.since(start),
                    (attributes.isDirectory() ? "directory " : "file ") + path + " exists");
        }
        catch (NoSuchFileException e) {
            return HealthCheckResult.unhealthy("no such file or directory " + path, Latency.since(start));
        }
    }
}
