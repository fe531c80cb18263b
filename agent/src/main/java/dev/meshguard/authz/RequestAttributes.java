package dev.meshguard.authz;

import dev.meshguard.bootstrap.RequestView;
import dev.meshguard.jwt.AuthResult;
import dev.meshguard.jwt.JwtIdentity;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * Istio's request attributes for one request, computed on first use: the peer identity from the client
 * certificate's SPIFFE URI ({@code source.principal}, {@code source.namespace}, service account, trust domain),
 * {@code remote.ip} from {@code X-Forwarded-For} as far as the trusted proxies allow, and the JWT identity.
 */
final class RequestAttributes {
    final RequestView request;
    final JwtIdentity identity;
    private final int trustedProxies;
    private boolean peerParsed;
    private String principal;
    private String trustDomain;
    private String namespace;
    private String serviceAccount;
    private byte[] sourceIp;
    private byte[] remoteIp;
    private byte[] destinationIp;

    RequestAttributes(RequestView request, AuthResult auth, int trustedProxies) {
        this.request = request;
        this.identity = auth.identity();
        this.trustedProxies = trustedProxies;
    }

    /** {@code <trust-domain>/ns/<namespace>/sa/<service-account>}, or null without a SPIFFE client certificate. */
    String principal() { parsePeer(); return principal; }

    String trustDomain() { parsePeer(); return trustDomain; }

    String namespace() { parsePeer(); return namespace; }

    /** {@code <namespace>/<service-account>}, or null. */
    String serviceAccount() { parsePeer(); return serviceAccount; }

    String requestPrincipal() { return identity == null ? null : identity.principal(); }

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
                List<String> xff = request.headers("X-Forwarded-For");
                String joined = xff.size() == 1 ? xff.get(0) : String.join(",", xff);
                String[] hops = joined.isEmpty() ? new String[0] : joined.split(",");
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

    /**
     * The host as sent, lower-cased and without a trailing dot ({@code Example.COM.} is {@code example.com}); with
     * {@link #hostWithoutPort()}, a host pattern may match either.
     */
    String host() {
        String h = request.host();
        if (h == null) {
            return null;
        }
        h = h.toLowerCase(java.util.Locale.ROOT);
        int colon = h.lastIndexOf(':');
        int bracket = h.lastIndexOf(']');
        if (colon > bracket && colon > 0 && h.charAt(colon - 1) == '.') {
            return h.substring(0, colon - 1) + h.substring(colon);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    String hostWithoutPort() {
        String h = host();
        if (h == null) {
            return null;
        }
        int colon = h.lastIndexOf(':');
        int bracket = h.lastIndexOf(']');
        return colon > bracket && colon > 0 ? h.substring(0, colon) : h;
    }

    /** All values of a header joined by {@code ,}, as Envoy matches them; null when absent. */
    String header(String name) {
        List<String> values = request.headers(name);
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.get(0) : String.join(",", values);
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
