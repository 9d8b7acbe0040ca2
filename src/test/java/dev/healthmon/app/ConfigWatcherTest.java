package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The config file is looked at every period; a change reloads once it has settled, whatever way it was saved. */
class ConfigWatcherTest {

    private static final Duration PERIOD = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    Path file;
    final AtomicInteger reloads = new AtomicInteger();

    @BeforeEach
    void writeFile() throws IOException {
        file = dir.resolve("application.yml");
        Files.writeString(file, "healthmon: { monitors: [] }\n");
    }

    @Test
    void aChangeReloadsOnceItIsTheSameAtTwoLooks() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        StepVerifier.withVirtualTime(() -> watcher(vts).watch(), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> write(file, "healthmon: { defaults: { interval: 1m } }\n"))
                .expectNoEvent(PERIOD)                      // the first look sees the change
                .thenAwait(PERIOD)                          // the second sees it again: settled
                .expectNext(1)
                .expectNoEvent(PERIOD.multipliedBy(5))      // nothing more while the file stays
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void successiveWritesGiveOneReloadOfTheLast() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        StepVerifier.withVirtualTime(() -> watcher(vts).watch(), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> write(file, "healthmon: { defaults: { interval: 1m } }\n"))
                .thenAwait(Duration.ofMillis(2500))         // a look at 2s saw the first write
                .then(() -> write(file, "healthmon: { defaults: { interval: 2m } }\n"))
                .thenAwait(Duration.ofMillis(1000))         // the look at 4s sees another content
                .then(() -> write(file, "healthmon: { defaults: { interval: 3m } }\n"))
                .expectNoEvent(Duration.ofMillis(2000))     // and the look at 6s another still
                .thenAwait(PERIOD)                          // the look at 8s sees the last again
                .expectNext(1)
                .expectNoEvent(PERIOD.multipliedBy(5))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(reloads).hasValue(1);
    }

    @Test
    void aFileReplacedThroughARenameIsSeen() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        StepVerifier.withVirtualTime(() -> watcher(vts).watch(), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> {
                    // as vim and many editors save: a new file, renamed over the old one
                    Path saved = dir.resolve(".application.yml.swp");
                    write(saved, "healthmon: { monitors: [] }  # edited\n");
                    move(saved, file);
                })
                .thenAwait(PERIOD.multipliedBy(2))
                .expectNext(1)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aTouchOrAFileMissingForAMomentReloadsNothing() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        StepVerifier.withVirtualTime(() -> watcher(vts).watch(), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> touch(file))
                .expectNoEvent(PERIOD.multipliedBy(3))
                .then(() -> delete(file))
                .expectNoEvent(PERIOD.multipliedBy(3))      // missing at these looks: waited for, not reloaded
                .then(() -> write(file, "healthmon: { monitors: [] }\n"))
                .expectNoEvent(PERIOD.multipliedBy(3))      // back as it was
                .then(() -> delete(file))
                .thenAwait(PERIOD)
                .then(() -> write(file, "healthmon: { monitors: [] }  # new\n"))
                .thenAwait(PERIOD.multipliedBy(2))
                .expectNext(1)                              // back with another content
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void settlingIsAPureFunctionOfTheLooks() {
        List<String> a = List.of("a");
        List<String> b = List.of("b");
        ConfigWatcher.Settle baseline = ConfigWatcher.Settle.next(ConfigWatcher.Settle.NONE, a);
        assertThat(baseline.fire()).isFalse();
        ConfigWatcher.Settle seen = ConfigWatcher.Settle.next(baseline, b);
        assertThat(seen.fire()).isFalse();
        ConfigWatcher.Settle settled = ConfigWatcher.Settle.next(seen, b);
        assertThat(settled.fire()).isTrue();
        assertThat(ConfigWatcher.Settle.next(settled, b).fire()).isFalse();
        // back to the first content: a change too
        ConfigWatcher.Settle back = ConfigWatcher.Settle.next(ConfigWatcher.Settle.next(settled, a), a);
        assertThat(back.fire()).isTrue();
    }

    private ConfigWatcher watcher(VirtualTimeScheduler vts) {
        return new ConfigWatcher(List.of(file), PERIOD, () -> Mono.fromSupplier(reloads::incrementAndGet), vts,
                Schedulers.immediate());
    }

    private static void write(Path path, String text) {
        try {
            Files.writeString(path, text);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void touch(Path path) {
        try {
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(60)));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
