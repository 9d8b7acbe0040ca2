package dev.healthmon.app;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Watches the config files by looking at them every {@code period}: a file whose modification time, size or inode
 * moved is read and hashed, and a content that differs from the last one reloaded and is the same at two looks in a
 * row triggers one reload. So an editor's successive writes give one reload, a file replaced through a rename
 * (as many editors save) is seen like any other change, a file touched without a change gives none, and a file that
 * is missing for a moment is waited for rather than reported.
 *
 * <p>Looking at the files blocks: it runs on {@code io}, the reloads' own scheduler, so that a look never overlaps a
 * reload. Polling instead of a {@code WatchService} works the same on every file system, including bind mounts and
 * network shares, whose changes a {@code WatchService} may miss.
 */
final class ConfigWatcher {

    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final List<Path> files;
    private final Duration period;
    private final Supplier<? extends Mono<?>> reload;
    private final Scheduler timer;
    private final Scheduler io;
    // read and written on io only: the last stamp and hash of each file, so an unchanged file is not read again
    private final Map<Path, Seen> seen = new HashMap<>();

    /**
     * Returns a watcher of {@code files} that looks every {@code period}, timed by {@code timer}, on {@code io}, and
     * calls {@code reload} once a change has settled.
     */
    ConfigWatcher(List<Path> files, Duration period, Supplier<? extends Mono<?>> reload, Scheduler timer,
            Scheduler io) {
        this.files = List.copyOf(files);
        this.period = requireNonNull(period, "period");
        this.reload = requireNonNull(reload, "reload");
        this.timer = requireNonNull(timer, "timer");
        this.io = requireNonNull(io, "io");
    }

    /**
     * Returns a cold, infinite {@code Flux} of what each reload it triggers returns: it first takes the files as
     * they are now as the baseline, then looks at them every period. Cancel it to stop watching. A file that cannot
     * be read is logged and looked at again at the next period.
     */
    Flux<Object> watch() {
        if (files.isEmpty()) {
            return Flux.never();
        }
        Flux<Optional<List<String>>> looks = Flux.interval(period, period, timer)
                // a slow disk skips looks instead of queueing them
                .onBackpressureDrop()
                .concatMap(tick -> look(), 0);
        return Flux.concat(look(), looks)
                // a missing or unreadable file is not a configuration: keep the last one and look again
                .filter(Optional::isPresent)
                .map(Optional::get)
                .scan(Settle.NONE, Settle::next)
                .filter(Settle::fire)
                .doOnNext(settled -> log.info("config file changed: {}", files))
                .concatMap(content -> reload.get());
    }

    private Mono<Optional<List<String>>> look() {
        return Mono.fromCallable(this::hashes).subscribeOn(io);
    }

    private Optional<List<String>> hashes() {
        List<String> hashes = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                hashes.add(hash(file));
            }
            catch (NoSuchFileException e) {
                return Optional.empty();
            }
            catch (IOException e) {
                log.warn("config file {} not readable: {}", file, e.toString());
                return Optional.empty();
            }
        }
        return Optional.of(hashes);
    }

    private String hash(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        Stamp stamp = new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        Seen last = seen.get(file);
        if (last != null && last.stamp().equals(stamp)) {
            return last.hash();
        }
        String hash = sha256(Files.readAllBytes(file));
        seen.put(file, new Seen(stamp, hash));
        return hash;
    }

    private static String sha256(byte[] bytes) {
        try {
            return Arrays.toString(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    // the file key (the inode) tells a file replaced through a rename from the one before
    private record Stamp(FileTime modified, long size, @Nullable Object fileKey) {
    }

    private record Seen(Stamp stamp, String hash) {
    }

    /**
     * Where the looks stand: the content last reloaded (the first look's at first), the content of the previous
     * look, and whether this look settles a change. Pure.
     */
    record Settle(@Nullable List<String> reloaded, @Nullable List<String> previous, boolean fire) {

        static final Settle NONE = new Settle(null, null, false);

        /** Returns where the looks stand after one that saw {@code content}. */
        static Settle next(Settle state, List<String> content) {
            if (state.reloaded == null) {
                return new Settle(content, content, false);
            }
            boolean settled = content.equals(state.previous) && !content.equals(state.reloaded);
            return new Settle(settled ? content : state.reloaded, content, settled);
        }
    }
}
