package dev.healthmon.core.probe;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;

/** Reads when the certificate a TLS peer presented expires. */
final class Certificates {

    private Certificates() {
    }

    /**
     * Returns {@code "certificate expires in 89 days"} or {@code "certificate expired 3 days ago"} for the leaf
     * certificate of the session of {@code handler} as of {@code now}, or {@code null} without TLS or certificate.
     */
    static @Nullable String expiry(@Nullable SslHandler handler, Instant now) {
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
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return null;
        }
        return describe(Duration.between(now, leaf.getNotAfter().toInstant()));
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
