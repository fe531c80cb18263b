package dev.meshguard.authz;

import dev.meshguard.bootstrap.RequestView;
import dev.meshguard.jwt.AuthResult;
import dev.meshguard.jwt.JwtIdentity;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * Istio's request attributes for one request, computed on first use: the path and host under the current
 * {@link Reading}, the peer identity from the client certificate's SPIFFE URI ({@code source.principal},
 * {@code source.namespace}, service account, trust domain), {@code remote.ip} from {@code X-Forwarded-For} as far as
 * the trusted proxies allow, and the JWT identity. One per request and thread; not shared.
 */
final class RequestAttributes {
    final RequestView request;
    final JwtIdentity identity;
    private final Readings readings;
    private final int trustedProxies;
    private Reading reading = Reading.ENVOY;
    private boolean peerParsed;
    private String principal;
    private String trustDomain;
    private String namespace;
    private String serviceAccount;
    private byte[] sourceIp;
    private byte[] remoteIp;
    private byte[] destinationIp;

    RequestAttributes(RequestView request, Readings readings, AuthResult auth, int trustedProxies) {
        this.request = request;
        this.readings = readings;
        this.identity = auth.identity();
        this.trustedProxies = trustedProxies;
    }

    /** Switches the path and host to {@code r}'s reading. */
    void read(Reading r) { reading = r; }

    Reading reading() { return reading; }

    /** The path (no query) under the current reading. */
    String path() { return readings.path(reading); }

    /** The host under the current reading; null when the request has none. */
    String host() { return readings.host(reading); }

    /** {@code <trust-domain>/ns/<namespace>/sa/<service-account>}, or null without a SPIFFE client certificate. */
    String principal() { parsePeer(); return principal; }

    String trustDomain() { parsePeer(); return trustDomain; }

    String namespace() { parsePeer(); return namespace; }

    /** {@code <namespace>/<service-account>}, or null. */
    String serviceAccount() { parsePeer(); return serviceAccount; }

    byte[] sourceIp() {
        if (sourceIp == null) {
            sourceIp = IpBlock.parseAddress(request.remoteAddress());
        }
        return sourceIp;
    }

    byte[] destinationIp() {
        if (destinationIp == null) {
            destinationIp = IpBlock.parseAddress(request.localAddress());
        }
        return destinationIp;
    }

    /**
     * The original client: with {@code N} trusted proxies, the N-th address from the right of
     * {@code X-Forwarded-For}; the peer address when N is 0 or the header has fewer entries.
     */
    byte[] remoteIp() {
        if (remoteIp == null) {
            remoteIp = sourceIp();
            if (trustedProxies > 0) {
                String joined = joined(request.headers("X-Forwarded-For"));
                String[] hops = joined == null || joined.isEmpty() ? new String[0] : joined.split(",");
                if (hops.length >= trustedProxies) {
                    byte[] client = IpBlock.parseAddress(hops[hops.length - trustedProxies].trim());
                    if (client != null) {
                        remoteIp = client;
                    }
                }
            }
        }
        return remoteIp;
    }

    /** All values of a header joined by {@code ,}, as Envoy matches them; null when absent. */
    String header(String name) {
        return joined(request.headers(name));
    }

    /** Values joined by {@code ,}, a null value read as empty; null when there is none. */
    static String joined(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() == 1) {
            return values.get(0) == null ? "" : values.get(0);
        }
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(v == null ? "" : v);
        }
        return sb.toString();
    }

    private void parsePeer() {
        if (peerParsed) {
            return;
        }
        peerParsed = true;
        X509Certificate[] chain = request.peerCertificates();
        if (chain == null || chain.length == 0) {
            return;
        }
        try {
            Collection<List<?>> names = chain[0].getSubjectAlternativeNames();
            if (names == null) {
                return;
            }
            for (List<?> name : names) {
                if (Integer.valueOf(6).equals(name.get(0)) && String.valueOf(name.get(1)).startsWith("spiffe://")) {
                    setSpiffe(String.valueOf(name.get(1)).substring("spiffe://".length()));
                    return;
                }
            }
        } catch (CertificateParsingException e) {
            principal = null;
        }
    }

    private void setSpiffe(String id) {
        principal = id;
        String[] parts = id.split("/");
        trustDomain = parts[0];
        if (parts.length == 5 && parts[1].equals("ns") && parts[3].equals("sa")) {
            namespace = parts[2];
            serviceAccount = parts[2] + "/" + parts[4];
        }
    }
}
