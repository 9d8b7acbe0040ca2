package dev.healthmon.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Turns idempotency keys into the short, URL- and header-safe ids that providers take (txnId, Message-ID). */
final class Digests {

    private Digests() {
    }

    /** Returns the SHA-256 of {@code text} in UTF-8 as 64 lowercase hex digits. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
