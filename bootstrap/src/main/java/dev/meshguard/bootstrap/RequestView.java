package dev.meshguard.bootstrap;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the decision core sees of a request: plain values a container adapter reads off its own request object.
 * Implementations are per server ({@code hooks.*}); the core never sees a container type.
 */
public interface RequestView {

    /** The HTTP method as sent, e.g. {@code GET}. */
    String method();

    /**
     * The path the container routes on: percent-decoded, dot-segments resolved, {@code ;} parameters removed,
     * no query, no fragment. Policies are matched against this and nothing else.
     */
    String path();

    /** The request target as received (path and query, undecoded), used only for the 401 realm. */
    String rawTarget();

    /** The raw query string without {@code ?}, or null when there is none. */
    String query();

    /** {@code http} or {@code https}. */
    String scheme();

    /** The Host header (or HTTP/2 {@code :authority}) as sent, possibly with a port; null when absent. */
    String host();

    /** The local port the request arrived on. */
    int localPort();

    /** The local IP address the request arrived on (literal, no brackets). */
    String localAddress();

    /** The peer's IP address (literal, no brackets). */
    String remoteAddress();

    /** All values of a header, matched case-insensitively; empty when absent. Never null. */
    List<String> headers(String name);

    /** The names of all headers present, in any case. */
    Iterable<String> headerNames();

    /** The verified TLS client certificate chain, leaf first, or null when there is none. */
    X509Certificate[] peerCertificates();

    /** The TLS SNI the client sent, or null. */
    String sni();

    /**
     * True when the application routes on the raw request path, with no normalisation of its own (a plain Netty or
     * Vert.x core handler): {@link #path()} is then that raw path, and a request whose path is not already in the form
     * an Istio sidecar would match is refused with 400, so that the policy and the application read one path.
     */
    default boolean routesOnRawPath() {
        return false;
    }

    /**
     * With {@link #routesOnRawPath()}: the raw path as sent (no query), which must be in the form an Istio sidecar
     * would match, or the request is refused with 400. By default {@link #path()}; a router that reads that raw path
     * in its own way (Micronaut's matches it without one trailing slash) returns its reading as {@link #path()}, and
     * the policies are matched under both. Null when the application would read the request in a way no policy can
     * see (Micronaut decodes {@code %2F} into a path variable after matching): refused with 400 as well.
     */
    default String rawPath() {
        return path();
    }

    /** The host name a client asked for in its TLS handshake (SNI) on {@code session}, or null; for adapters. */
    static String serverName(SSLSession session) {
        if (!(session instanceof ExtendedSSLSession)) {
            return null;
        }
        try {
            for (SNIServerName name : ((ExtendedSSLSession) session).getRequestedServerNames()) {
                if (name instanceof SNIHostName) {
                    return ((SNIHostName) name).getAsciiName();
                }
            }
        } catch (UnsupportedOperationException notRecorded) {
            // a provider that does not keep the requested names
        }
        return null;
    }

    /** The verified client certificate chain of {@code session}, leaf first, or null (no session, no certificate). */
    static X509Certificate[] peerCertificates(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            return x509Chain(session.getPeerCertificates());
        } catch (Exception noPeerCertificate) {
            return null;
        }
    }

    /** A peer's certificate chain as X.509 certificates, leaf first, or null when it is empty or of another kind. */
    static X509Certificate[] x509Chain(Certificate[] chain) {
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
            return null;
        }
        X509Certificate[] out = new X509Certificate[chain.length];
        for (int i = 0; i < chain.length; i++) {
            out[i] = (X509Certificate) chain[i];
        }
        return out;
    }

    /** The query of a request target as sent (after {@code ?}, before any {@code #}), or null; for adapters. */
    static String queryOf(String target) {
        int q = target.indexOf('?');
        if (q < 0) {
            return null;
        }
        int fragment = target.indexOf('#', q);
        return fragment < 0 ? target.substring(q + 1) : target.substring(q + 1, fragment);
    }
}
