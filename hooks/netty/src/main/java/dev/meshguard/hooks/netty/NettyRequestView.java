package dev.meshguard.hooks.netty;

import dev.meshguard.bootstrap.RequestView;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A Netty {@link HttpRequest} as the decision core sees it. {@code path} is the path the application routes on: the
 * raw path for a plain Netty handler ({@link #routesOnRawPath()}), or the path a framework's router matches, which the
 * framework's adapter computes.
 */
public final class NettyRequestView implements RequestView {
    private final HttpRequest request;
    private final NettyConnection connection;
    private final String path;
    private final boolean routesOnRawPath;
    private final String sentPath;

    /**
     * @param path    the path the application routes on
     * @param rawPath true when that is the raw path, as the request sent it
     */
    public NettyRequestView(HttpRequest request, NettyConnection connection, String path, boolean rawPath) {
        this(request, connection, path, rawPath, path);
    }

    /**
     * A request whose router matches its raw path {@code sentPath}, read as {@code routedPath} (Micronaut's router
     * drops one trailing slash); {@code sentPath} is null when the router would read the request in a way no policy
     * can see: see {@link RequestView#rawPath()}.
     */
    public NettyRequestView(HttpRequest request, NettyConnection connection, String routedPath, String sentPath) {
        this(request, connection, routedPath, true, sentPath);
    }

    private NettyRequestView(HttpRequest request, NettyConnection connection, String path, boolean routesOnRawPath,
                             String sentPath) {
        this.request = request;
        this.connection = connection;
        this.path = path;
        this.routesOnRawPath = routesOnRawPath;
        this.sentPath = sentPath;
    }

    /** The path of a request target as sent: everything before the query. */
    public static String rawPath(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    @Override
    public String method() { return request.method().name(); }

    @Override
    public String path() { return path; }

    @Override
    public boolean routesOnRawPath() { return routesOnRawPath; }

    @Override
    public String rawPath() { return sentPath; }

    @Override
    public String rawTarget() { return request.uri(); }

    @Override
    public String query() { return RequestView.queryOf(request.uri()); }

    @Override
    public String scheme() { return connection.secure() ? "https" : "http"; }

    @Override
    public String host() { return request.headers().get(HttpHeaderNames.HOST); }

    @Override
    public int localPort() { return connection.localPort(); }

    @Override
    public String localAddress() { return connection.localAddress(); }

    @Override
    public String remoteAddress() { return connection.remoteAddress(); }

    @Override
    public List<String> headers(String name) { return request.headers().getAll(name); }

    @Override
    public Iterable<String> headerNames() { return request.headers().names(); }

    @Override
    public X509Certificate[] peerCertificates() { return connection.peerCertificates(); }

    @Override
    public String sni() { return connection.sni(); }
}
