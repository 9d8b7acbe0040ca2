package dev.healthmon.web;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;

/**
 * One file of the page, held in memory as it is answered: its bytes, its gzipped bytes when they are smaller, a weak
 * entity tag of its content and its modification time, to the second as {@code Last-Modified} carries it.
 *
 * @param gzipped the gzipped bytes, or {@code null} when gzip would not make the file smaller (or it is not text)
 * @param etag a weak entity tag, {@code W/"..."}: the same for both encodings, which carry the same content
 */
record StaticFile(MediaType mediaType, byte[] bytes, byte @Nullable [] gzipped, String etag, Instant lastModified) {

    // what gzip makes smaller; an image or a font is compressed already
    private static final Set<String> TEXT = Set.of("text/html", "text/css", "text/javascript", "application/javascript",
            "application/json", "image/svg+xml", "text/plain");

    StaticFile {
        requireNonNull(mediaType, "mediaType");
        requireNonNull(bytes, "bytes");
        requireNonNull(etag, "etag");
        requireNonNull(lastModified, "lastModified");
    }

    /** Returns the file of {@code bytes}, gzipped now (once, at the best compression) when that makes it smaller. */
    static StaticFile of(MediaType mediaType, byte[] bytes, Instant lastModified) {
        byte[] gzipped = TEXT.contains(mediaType.getType() + "/" + mediaType.getSubtype()) ? gzip(bytes) : null;
        return new StaticFile(mediaType, bytes, gzipped != null && gzipped.length < bytes.length ? gzipped : null,
                etag(bytes), lastModified.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Returns the bytes to send: the gzipped ones when the client takes gzip and there are some. */
    byte[] body(boolean gzip) {
        return gzip && gzipped != null ? gzipped : bytes;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(bytes);
        }
        catch (IOException e) {
            // a stream in memory does not fail
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        }
        catch (NoSuchAlgorithmException e) {
            // every Java platform has SHA-256
            throw new IllegalStateException(e);
        }
    }
}
