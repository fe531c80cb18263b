package dev.meshguard.testing;

import dev.meshguard.bootstrap.RequestView;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request view built by tests: what a container adapter would produce. */
public final class TestRequest implements RequestView {
    private String method = "GET";
    private String path = "/";
    private String query;
    private String raw;
    private String scheme = "http";
    private String host = "example.com";
    private int localPort = 8080;
    private String localAddress = "10.0.0.2";
    private String remoteAddress = "10.0.0.1";
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private X509Certificate[] peer;
    private String sni;
    private boolean rawRouting;
    private String sentPath;

    public static TestRequest get(String path) {
        return new TestRequest().method("GET").path(path);
    }

    public TestRequest method(String m) { method = m; return this; }

    /** Sets the path; a {@code ?query} part becomes the query. */
    public TestRequest path(String p) {
        int q = p.indexOf('?');
        path = q < 0 ? p : p.substring(0, q);
        query = q < 0 ? null : p.substring(q + 1);
        return this;
    }

    /**
     * Sets the request target as sent, when it differs from the path the server routes on (which {@link #path}
     * sets): {@code raw("/a/../b%3bx")} with {@code path("/b")}, say.
     */
    public TestRequest raw(String target) { raw = target; return this; }

    /**
     * Makes this a request whose application routes on its raw path {@code sent} (the target's path as sent), read by
     * its router as {@link #path}; null when the application reads it in a way no policy can see: see
     * {@code RequestView.rawPath()}.
     */
    public TestRequest routedOnRawPath(String sent) { rawRouting = true; sentPath = sent; return this; }

    public TestRequest scheme(String s) { scheme = s; return this; }

    public TestRequest host(String h) { host = h; return this; }

    public TestRequest localPort(int p) { localPort = p; return this; }

    public TestRequest localAddress(String a) { localAddress = a; return this; }

    public TestRequest remoteAddress(String a) { remoteAddress = a; return this; }

    public TestRequest peer(X509Certificate... chain) { peer = chain; return this; }

    public TestRequest sni(String s) { sni = s; return this; }

    public TestRequest header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    public TestRequest bearer(String token) { return header("Authorization", "Bearer " + token); }

    @Override public String method() { return method; }
    @Override public String path() { return path; }
    @Override public String rawTarget() { return raw != null ? raw : query == null ? path : path + "?" + query; }
    @Override public String query() { return query; }
    @Override public String scheme() { return scheme; }
    @Override public String host() { return host; }
    @Override public int localPort() { return localPort; }
    @Override public String localAddress() { return localAddress; }
    @Override public String remoteAddress() { return remoteAddress; }
    @Override public List<String> headers(String name) { return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()); }
    @Override public Iterable<String> headerNames() { return headers.keySet(); }
    @Override public X509Certificate[] peerCertificates() { return peer; }
    @Override public String sni() { return sni; }
    @Override public boolean routesOnRawPath() { return rawRouting; }
    @Override public String rawPath() { return rawRouting ? sentPath : path; }

    @Override public String toString() { return method + " " + rawTarget(); }
}
