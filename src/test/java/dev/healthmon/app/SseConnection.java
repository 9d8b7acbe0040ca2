package dev.healthmon.app;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client of an SSE endpoint over a real socket: it writes the request by hand and parses the
 * {@code text/event-stream} text itself (de-chunking the body), so tests see exactly what goes over the wire.
 */
final class SseConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final Map<String, String> headers;
    private final StringBuilder raw = new StringBuilder();
    private long chunkLeft;
    private boolean chunked;
    private boolean ended;

    private SseConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new java.io.BufferedInputStream(socket.getInputStream());
        String statusLine = readLine(deadlineIn(Duration.ofSeconds(5)));
        this.status = Integer.parseInt(statusLine.split(" ")[1]);
        this.headers = new LinkedHashMap<>();
        for (String line = readLine(deadlineIn(Duration.ofSeconds(5))); !line.isEmpty();
                line = readLine(deadlineIn(Duration.ofSeconds(5)))) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        this.chunked = "chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""));
        this.chunkLeft = chunked ? 0 : Long.MAX_VALUE;
    }

    /** Opens {@code path} on 127.0.0.1:{@code port} with the extra request headers. */
    static SseConnection open(int port, String path, Map<String, String> extraHeaders) throws IOException {
        return open(port, path, extraHeaders, 0);
    }

    /**
     * Returns once the stream of the monitor {@code name} on {@code port} shows it in {@code status}, in its
     * snapshot or a later event, or fails after {@code timeout}.
     */
    static void awaitStatus(int port, String name, String status, Duration timeout) throws IOException {
        try (SseConnection stream = open(port, "/api/v1/health/" + name + "/stream", Map.of())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            String expected = "\"status\":\"" + status + "\"";
            while (true) {
                Block event = stream.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (event.data() != null && event.data().contains(expected)) {
                    return;
                }
            }
        }
    }

    /**
     * Returns the data of the next {@code count} checks of the monitor {@code name} on {@code port}, each waited for
     * at most {@code timeout}.
     */
    static List<String> nextChecks(int port, String name, int count, Duration timeout) throws IOException {
        try (SseConnection stream = open(port, "/api/v1/health/" + name + "/stream?checks=true", Map.of())) {
            List<String> checks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                checks.add(stream.nextEvent("check", timeout).data());
            }
            return checks;
        }
    }

    /** Opens a connection whose socket receive buffer is {@code receiveBuffer} bytes (0 for the default). */
    static SseConnection open(int port, String path, Map<String, String> extraHeaders, int receiveBuffer)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAccept: text/event-stream\r\n");
        extraHeaders.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new SseConnection(socket);
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** Returns everything of the body read so far, as text. */
    String raw() {
        return raw.toString();
    }

    /** Returns the next block (an event or a comment), waiting at most {@code timeout}. */
    Block next(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = bodyLine(deadline);
            if (line.isEmpty()) {
                if (!lines.isEmpty()) {
                    return Block.parse(lines);
                }
                continue;
            }
            lines.add(line);
        }
    }

    /** Returns the next event, skipping comments, waiting at most {@code timeout} in all. */
    Block nextEvent(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Block block = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (block.event() != null) {
                return block;
            }
        }
    }

    /** Returns the next event named {@code name}, skipping others, waiting at most {@code timeout} in all. */
    Block nextEvent(String name, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Block block = nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (name.equals(block.event())) {
                return block;
            }
        }
    }

    /**
     * Returns whether the server ended the response properly (its last chunk) within {@code timeout}, reading what
     * comes first; a connection that is just cut off does not count.
     */
    boolean endsWithin(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                bodyLine(deadline);
            }
        }
        catch (EOFException closed) {
            return ended;
        }
        catch (SocketTimeoutException notYet) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String bodyLine(long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = bodyByte(deadline);
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                raw.append(text).append('\n');
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    private int bodyByte(long deadline) throws IOException {
        if (ended) {
            throw new EOFException("the stream ended");
        }
        if (chunked && chunkLeft == 0) {
            String size = readLine(deadline);
            if (size.isEmpty()) {
                size = readLine(deadline);   // the CRLF after the previous chunk
            }
            chunkLeft = Long.parseLong(size.split(";")[0].trim(), 16);
            if (chunkLeft == 0) {
                ended = true;
                throw new EOFException("the stream ended");
            }
        }
        int b = read(deadline);
        chunkLeft--;
        return b;
    }

    private static long deadlineIn(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private String readLine(long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = read(deadline);
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    private int read(long deadline) throws IOException {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the connection closed");
        }
        return b;
    }

    /**
     * One block of the stream: an event with its fields, or a comment.
     *
     * @param id the {@code id:} field, or {@code null}
     * @param event the {@code event:} field, or {@code null} for a comment
     * @param data the {@code data:} lines joined
     * @param comment the comment text, or {@code null}
     */
    record Block(String id, String event, String data, String comment) {

        static Block parse(List<String> lines) {
            String id = null;
            String event = null;
            String comment = null;
            StringBuilder data = new StringBuilder();
            for (String line : lines) {
                if (line.startsWith(":")) {
                    comment = line.substring(1);
                }
                else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                }
                else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                }
                else if (line.startsWith("data:")) {
                    data.append(data.length() == 0 ? "" : "\n").append(line.substring(5));
                }
            }
            return new Block(id, event, data.toString(), comment);
        }

        long idNumber() {
            return Long.parseLong(id);
        }
    }
}
