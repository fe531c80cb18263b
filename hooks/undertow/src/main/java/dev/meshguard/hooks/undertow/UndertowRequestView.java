package dev.meshguard.hooks.undertow;

import dev.meshguard.bootstrap.RequestView;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An Undertow exchange as the decision core sees it; the path is the decoded request path handlers route on. */
final class UndertowRequestView implements RequestView {
    private final HttpServerExchange exchange;

    UndertowRequestView(HttpServerExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public String method() { return exchange.getRequestMethod().toString(); }

    @Override
    public String path() { return exchange.getRequestPath(); }

    @Override
    public String rawTarget() {
        String q = exchange.getQueryString();
        return exchange.getRequestURI() + (q == null || q.isEmpty() ? "" : "?" + q);
    }

    @Override
    public String query() {
        String q = exchange.getQueryString();
        return q == null || q.isEmpty() ? null : q;
    }

    @Override
    public String scheme() { return exchange.getRequestScheme(); }

    @Override
    public String host() {
        String host = exchange.getRequestHeaders().getFirst("Host");
        return host != null ? host : exchange.getHostAndPort();
    }

    @Override
    public int localPort() {
        InetSocketAddress a = exchange.getDestinationAddress();
        return a == null ? -1 : a.getPort();
    }

    @Override
    public String localAddress() {
        InetSocketAddress a = exchange.getDestinationAddress();
        return a == null || a.getAddress() == null ? null : a.getAddress().getHostAddress();
    }

    @Override
    public String remoteAddress() {
        InetSocketAddress a = exchange.getSourceAddress();
        return a == null || a.getAddress() == null ? null : a.getAddress().getHostAddress();
    }

    @Override
    public List<String> headers(String name) {
        HeaderValues values = exchange.getRequestHeaders().get(name);
        return values == null ? Collections.<String>emptyList() : new ArrayList<>(values);
    }

    @Override
    public Iterable<String> headerNames() {
        List<String> names = new ArrayList<>();
        for (HttpString n : exchange.getRequestHeaders().getHeaderNames()) {
            names.add(n.toString());
        }
        return names;
    }

    @Override
    public X509Certificate[] peerCertificates() {
        SSLSessionInfo ssl = exchange.getConnection().getSslSessionInfo();
        if (ssl == null) {
            return null;
        }
        try {
            return RequestView.x509Chain(ssl.getPeerCertificates());
        } catch (Exception noPeerCertificate) {
            return null;
        }
    }

    @Override
    public String sni() {
        SSLSessionInfo ssl = exchange.getConnection().getSslSessionInfo();
        return ssl == null ? null : RequestView.serverName(ssl.getSSLSession());
    }
}
