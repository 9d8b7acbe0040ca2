package dev.healthmon.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request on a socket of its own, its request line written byte for byte as given: no client library
 * normalises, encodes or refuses a hostile path ({@code ..%2F..%2Fetc}, {@code %00}, {@code %ZZ}, raw control
 * characters), so the answer, or the lack of one, is the server's. Blocking: for a test's own thread.
 *
 * <p>A body is written in slices, and the writing stops as soon as the server has answered (RFC 9112 section 9.5:
 * a server may answer early, a 413 above all, and close); what the server said is then read and returned. A stream
 * ({@code text/event-stream}) is read up to its headers. An answer is {@link #NONE} when the server closed or reset
 * the connection without one, or sent none within the timeout.
 */
final class RawHttp {

    /** The status of "no answer at all". */
    static final int NONE = -1;

    private static final int SLICE = 16 * 1024;
    private static final int MAX_BODY = 64 * 1024;

    private RawHttp() {
    }

    /** Returns the server's answer to {@code method target} with {@code headers} and {@code body}. */
    static Answer send(int port, String method, String target, Map<String, String> headers, byte[] body,
            int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body.length > 0) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // ISO-8859-1: every char of the request line is one byte, as written, even a raw control character
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            writeBody(out, in, body);
            return read(in);
        }
        catch (IOException e) {
            return new Answer(NONE, Map.of(), e.toString());
        }
    }

    private static void writeBody(OutputStream out, InputStream in, byte[] body) {
        try {
            for (int at = 0; at < body.length && in.available() == 0; at += SLICE) {
                out.write(body, at, Math.min(SLICE, body.length - at));
            }
            out.flush();
        }
        catch (IOException ignored) {
            // the server answered early and closed while the body was on its way: its answer is read next
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int b;
        while (!endsWithBlankLine(headBytes) && headBytes.size() <= MAX_BODY && (b = in.read()) != -1) {
            headBytes.write(b);
        }
        String head = headBytes.toString(StandardCharsets.ISO_8859_1);
        if (!head.startsWith("HTTP/1.1 ") || head.length() < 12) {
            return new Answer(NONE, Map.of(), head);
        }
        int status = Integer.parseInt(head.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        String type = headers.getOrDefault("content-type", "");
        if (type.startsWith("text/event-stream")) {
            return new Answer(status, headers, "");
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "-1"));
        byte[] content = in.readNBytes(length < 0 ? MAX_BODY : Math.min(length, MAX_BODY));
        return new Answer(status, headers, new String(content, StandardCharsets.UTF_8));
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream bytes) {
        byte[] all = bytes.toByteArray();
        int n = all.length;
        return n >= 4 && all[n - 4] == '\r' && all[n - 3] == '\n' && all[n - 2] == '\r' && all[n - 1] == '\n';
    }

    /** What the server answered: its status ({@link #NONE} for nothing), headers (lower-case names) and body. */
    record Answer(int status, Map<String, String> headers, String body) {

        /** Returns whether the body is a JSON object with an {@code error}, as every refusal of the API is. */
        boolean jsonError() {
            return headers.getOrDefault("content-type", "").startsWith("application/json")
                    && body.startsWith("{") && body.contains("\"error\"");
        }
    }
}
