package dev.healthmon.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.healthmon.core.model.MonitorEvent;
import io.netty.buffer.ByteBuf;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * K real SSE clients of the service's {@code /api/v1/health/stream} over HTTP on loopback, and the delay from a
 * status change to each of them. A status change is timed when the registry emits it ({@link #emitted}, called
 * by a subscriber of the registry's events that the benchmark adds before any other), and again when a client
 * has read its {@code status} event; both are {@link System#nanoTime()} in this process.
 */
final class SseClients implements Disposable {

    private final Map<String, Long> changes = new ConcurrentHashMap<>();
    private final List<Disposable> clients = new ArrayList<>();
    private final AtomicInteger events = new AtomicInteger();
    private final AtomicInteger snapshots = new AtomicInteger();
    private volatile Histogram delays = new Histogram();
    private volatile boolean recording;

    /** Records the time of a status change; call it from the registry's event stream. */
    void emitted(MonitorEvent event) {
        if (event instanceof MonitorEvent.StatusChanged change) {
            changes.put(key(change.name(), change.status().toString()), System.nanoTime());
        }
    }

    /** Connects {@code count} clients to the stream of the service at {@code port}, one after another. */
    void connect(int port, int count, Duration within) {
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection())
                .host("127.0.0.1")
                .port(port);
        for (int i = 0; i < count; i++) {
            Reader reader = new Reader();
            clients.add(client.get()
                    .uri("/api/v1/health/stream")
                    .responseContent()
                    // a client cut off (at the end, or by the service) just stops counting
                    .subscribe(reader::read, error -> { }));
        }
        // the snapshot each client is sent first is large at thousands of monitors: give them time to read it
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && snapshots.get() < count) {
            EngineBench.sleep(Duration.ofMillis(50));
        }
    }

    /** Starts a new histogram of delays, counted from now on. */
    void record() {
        delays = new Histogram();
        recording = true;
    }

    Histogram delays() {
        recording = false;
        return delays;
    }

    int snapshots() {
        return snapshots.get();
    }

    int statusEvents() {
        return events.get();
    }

    @Override
    public void dispose() {
        clients.forEach(Disposable::dispose);
    }

    private static String key(String name, String status) {
        return name + '\u0000' + status;
    }

    // reads the event stream line by line, keeping only the data lines of status events
    private final class Reader {

        // the longest line kept: a status event's data is far shorter, a snapshot's is of no use here
        private static final int KEPT = 4096;

        private final byte[] line = new byte[KEPT];
        private int length;
        private String event = "";

        void read(ByteBuf chunk) {
            long now = System.nanoTime();
            int at = chunk.readerIndex();
            int end = chunk.writerIndex();
            while (at < end) {
                int lineFeed = chunk.indexOf(at, end, (byte) '\n');
                int stop = lineFeed < 0 ? end : lineFeed;
                int kept = Math.min(stop - at, KEPT - length);
                chunk.getBytes(at, line, length, kept);
                length += kept;
                if (lineFeed < 0) {
                    return;
                }
                endOfLine(now);
                length = 0;
                at = lineFeed + 1;
            }
        }

        private void endOfLine(long now) {
            if (length == 0) {
                event = "";
                return;
            }
            if (startsWith("event:")) {
                event = new String(line, 6, length - 6, StandardCharsets.US_ASCII).trim();
                if (event.equals("snapshot")) {
                    snapshots.incrementAndGet();
                }
                return;
            }
            if (event.equals("status") && startsWith("data:")) {
                String data = new String(line, 5, length - 5, StandardCharsets.UTF_8);
                Long at = changes.get(key(field(data, "name"), field(data, "status")));
                if (at != null && recording) {
                    events.incrementAndGet();
                    delays.record((now - at) / 1000);
                }
            }
        }

        private boolean startsWith(String prefix) {
            if (length < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (line[i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private String field(String json, String name) {
            String marker = "\"" + name + "\":\"";
            int start = json.indexOf(marker);
            if (start < 0) {
                return "";
            }
            start += marker.length();
            int end = json.indexOf('"', start);
            return end < 0 ? "" : json.substring(start, end);
        }
    }
}
