package dev.healthmon.core.probe;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;

/** Reads when the certificates a TLS peer presented expire. */
final class Certificates {

    private Certificates() {
    }

    /**
     * Returns when the earliest certificate of the chain that the peer of the session of {@code handler} presented
     * expires, verified or not, or {@code null} without TLS or certificate: an intermediate that expires before
     * the leaf breaks the chain as surely.
     */
    static @Nullable Instant earliestExpiry(@Nullable SslHandler handler) {
        if (handler == null) {
            return null;
        }
        Certificate[] chain;
        try {
            chain = handler.engine().getSession().getPeerCertificates();
        }
        catch (SSLPeerUnverifiedException ignored) {
            // an anonymous session has no certificate to report on; the check itself still passed
            return null;
        }
        Instant earliest = null;
        for (Certificate certificate : chain) {
            if (certificate instanceof X509Certificate x509) {
                Instant notAfter = x509.getNotAfter().toInstant();
                earliest = earliest == null || notAfter.isBefore(earliest) ? notAfter : earliest;
            }
        }
        return earliest;
    }

    /**
     * Returns {@code "certificate expires in 89 days"} or {@code "certificate expired 3 days ago"} for the
     * earliest expiry of the chain of the session of {@code handler} as of {@code now}, or {@code null} without
     * TLS or certificate.
     */
    static @Nullable String expiry(@Nullable SslHandler handler, Instant now) {
        Instant earliest = earliestExpiry(handler);
        return earliest == null ? null : describe(Duration.between(now, earliest));
    }

    /** Returns the expiry detail for a certificate that expires {@code left} from now (negative: expired). */
    static String describe(Duration left) {
        long days = left.toDays();
        if (left.isNegative()) {
            long ago = left.negated().toDays();
            return "certificate expired " + (ago == 0 ? "today" : days(ago) + " ago");
        }
        return "certificate expires in " + days(days);
    }

    private static String days(long days) {
        return days == 1 ? "1 day" : days + " days";
    }
}
