package dev.meshguard.hooks.vertx;

import dev.meshguard.bootstrap.RequestView;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;

import javax.net.ssl.SSLSession;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A Vert.x request as the decision core sees it. The path is the one its application routes on ({@link RoutedPath});
 * the addresses are the socket's own ({@code remoteAddress(true)}: never a PROXY-protocol or forwarded address), and
 * the client certificate and SNI come from the connection's TLS session.
 */
final class VertxRequestView implements RequestView {
    private final HttpServerRequest request;
    private final String path;
    private final boolean rawPath;
    private final boolean ambiguous;

    /**
     * @param path      the path the application routes on
     * @param rawPath   true when that is the raw path, as sent (Vert.x core has no router)
     * @param ambiguous true when the application could read the request otherwise than any one path says: the core
     *                  refuses it with 400 ({@link RequestView#rawPath()} is then null), logged and counted
     */
    VertxRequestView(HttpServerRequest request, String path, boolean rawPath, boolean ambiguous) {
        this.request = request;
        this.path = path;
        this.rawPath = rawPath;
        this.ambiguous = ambiguous;
    }

    @Override
    public String method() { return request.method().name(); }

    @Override
    public String path() { return path; }

    @Override
    public boolean routesOnRawPath() { return rawPath || ambiguous; }

    @Override
    public String rawPath() { return ambiguous ? null : path; }

    @Override
    public String rawTarget() { return request.uri(); }

    @Override
    public String query() { return RequestView.queryOf(request.uri()); }

    @Override
    public String scheme() { return request.isSSL() ? "https" : "http"; }

    /** The Host header as sent; for HTTP/2, {@code :authority} (which Vert.x keeps apart from the headers). */
    @Override
    public String host() {
        String host = request.headers().get("host");
        if (host != null) {
            return host;
        }
        HostAndPort authority = request.authority();
        if (authority == null) {
            return null;
        }
        return authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
    }

    @Override
    public int localPort() {
        SocketAddress local = connection().localAddress(true);
        return local == null ? -1 : local.port();
    }

    @Override
    public String localAddress() {
        SocketAddress local = connection().localAddress(true);
        return local == null ? null : local.hostAddress();
    }

    @Override
    public String remoteAddress() {
        SocketAddress remote = connection().remoteAddress(true);
        return remote == null ? null : remote.hostAddress();
    }

    @Override
    public List<String> headers(String name) { return request.headers().getAll(name); }

    @Override
    public Iterable<String> headerNames() { return request.headers().names(); }

    @Override
    public X509Certificate[] peerCertificates() {
        return RequestView.peerCertificates(request.sslSession());
    }

    @Override
    public String sni() {
        SSLSession tls = request.sslSession();
        return tls == null ? null : RequestView.serverName(tls);
    }

    private HttpConnection connection() {
        return request.connection();
    }
}
