package dev.meshguard.hooks.jetty12;

import dev.meshguard.bootstrap.RequestView;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

import java.security.cert.X509Certificate;
import java.util.List;

/** A Jetty 12 request as the decision core sees it; the path is the canonical path Jetty matches contexts on. */
final class Jetty12RequestView implements RequestView {
    private final Request request;
    private final HttpURI uri;

    Jetty12RequestView(Request request) {
        this.request = request;
        this.uri = request.getHttpURI();
    }

    @Override
    public String method() { return request.getMethod(); }

    @Override
    public String path() {
        String canonical = uri.getCanonicalPath();
        if (canonical == null) {
            canonical = uri.getDecodedPath();
        }
        return canonical == null ? "" : canonical;
    }

    @Override
    public String rawTarget() {
        String q = uri.getQuery();
        String p = uri.getPath();
        return (p == null ? "" : p) + (q == null ? "" : "?" + q);
    }

    @Override
    public String query() { return uri.getQuery(); }

    @Override
    public String scheme() { return uri.getScheme() != null ? uri.getScheme() : request.isSecure() ? "https" : "http"; }

    @Override
    public String host() {
        String host = request.getHeaders().get("Host");
        return host != null ? host : uri.getAuthority();
    }

    @Override
    public int localPort() { return Request.getLocalPort(request); }

    @Override
    public String localAddress() { return Request.getLocalAddr(request); }

    @Override
    public String remoteAddress() { return Request.getRemoteAddr(request); }

    @Override
    public List<String> headers(String name) { return request.getHeaders().getValuesList(name); }

    @Override
    public Iterable<String> headerNames() { return request.getHeaders().getFieldNamesCollection(); }

    @Override
    public X509Certificate[] peerCertificates() {
        Object ssl = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        return ssl instanceof EndPoint.SslSessionData ? ((EndPoint.SslSessionData) ssl).peerCertificates() : null;
    }

    @Override
    public String sni() {
        Object ssl = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        return ssl instanceof EndPoint.SslSessionData ? RequestView.serverName(((EndPoint.SslSessionData) ssl).sslSession()) : null;
    }
}
