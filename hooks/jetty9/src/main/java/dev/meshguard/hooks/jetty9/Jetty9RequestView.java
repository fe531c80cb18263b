package dev.meshguard.hooks.jetty9;

import dev.meshguard.bootstrap.RequestView;
import org.eclipse.jetty.server.Request;

import javax.net.ssl.SSLSession;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

/**
 * A Jetty 9.4–11 request as the decision core sees it. The path is {@code getPathInfo()}, which at this point is the
 * decoded, canonical target {@code Server.handle} routes on. Only methods whose signatures are the same in 9.4, 10
 * and 11 are used.
 */
final class Jetty9RequestView implements RequestView {
    private final Request request;

    Jetty9RequestView(Request request) {
        this.request = request;
    }

    @Override
    public String method() { return request.getMethod(); }

    @Override
    public String path() {
        String p = request.getPathInfo();
        return p == null ? "" : p;
    }

    @Override
    public String rawTarget() {
        String q = request.getQueryString();
        String uri = request.getRequestURI();
        return (uri == null ? "" : uri) + (q == null ? "" : "?" + q);
    }

    @Override
    public String query() { return request.getQueryString(); }

    @Override
    public String scheme() { return request.getScheme(); }

    @Override
    public String host() {
        String host = request.getHeader("Host");
        return host != null ? host : request.getServerName() + ":" + request.getServerPort();
    }

    @Override
    public int localPort() { return request.getLocalPort(); }

    @Override
    public String localAddress() { return request.getLocalAddr(); }

    @Override
    public String remoteAddress() { return request.getRemoteAddr(); }

    @Override
    public List<String> headers(String name) { return Collections.list(request.getHeaders(name)); }

    @Override
    public Iterable<String> headerNames() { return Collections.list(request.getHeaderNames()); }

    @Override
    public X509Certificate[] peerCertificates() {
        Object certs = request.getAttribute("jakarta.servlet.request.X509Certificate");
        if (certs == null) {
            certs = request.getAttribute("javax.servlet.request.X509Certificate");
        }
        return certs instanceof X509Certificate[] ? (X509Certificate[]) certs : null;
    }

    @Override
    public String sni() {
        Object session = request.getAttribute("org.eclipse.jetty.servlet.request.ssl_session");
        return session instanceof SSLSession ? RequestView.serverName((SSLSession) session) : null;
    }
}
