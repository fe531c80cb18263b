package dev.meshguard.hooks.tomcat;

import dev.meshguard.bootstrap.RequestView;
import org.apache.catalina.connector.Request;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A Tomcat request as the decision core sees it. The path is {@code decodedURI}: after {@code postParseRequest} it is
 * exactly what Tomcat maps to a context and servlet (path parameters removed, decoded, dot-segments normalised).
 */
final class TomcatRequestView implements RequestView {
    private final Request request;
    private final org.apache.coyote.Request coyote;

    TomcatRequestView(Request request) {
        this.request = request;
        this.coyote = request.getCoyoteRequest();
    }

    @Override
    public String method() { return coyote.method().toString(); }

    @Override
    public String path() { return coyote.decodedURI().toString(); }

    @Override
    public String rawTarget() {
        String query = query();
        return coyote.requestURI().toString() + (query == null ? "" : "?" + query);
    }

    @Override
    public String query() {
        MessageBytes q = coyote.queryString();
        return q.isNull() ? null : q.toString();
    }

    @Override
    public String scheme() { return request.getScheme(); }

    @Override
    public String host() {
        String host = coyote.getMimeHeaders().getHeader("host");
        return host != null ? host : request.getServerName() + ":" + request.getServerPort();
    }

    @Override
    public int localPort() { return request.getLocalPort(); }

    @Override
    public String localAddress() { return request.getLocalAddr(); }

    @Override
    public String remoteAddress() { return request.getRemoteAddr(); }

    @Override
    public List<String> headers(String name) {
        Enumeration<String> values = coyote.getMimeHeaders().values(name);
        if (!values.hasMoreElements()) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>(1);
        while (values.hasMoreElements()) {
            out.add(values.nextElement());
        }
        return out;
    }

    @Override
    public Iterable<String> headerNames() {
        MimeHeaders headers = coyote.getMimeHeaders();
        List<String> names = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.getName(i).toString();
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public X509Certificate[] peerCertificates() {
        if (!request.isSecure()) {
            return null;
        }
        Object certs = request.getAttribute("jakarta.servlet.request.X509Certificate");
        if (certs == null) {
            certs = request.getAttribute("javax.servlet.request.X509Certificate");
        }
        return certs instanceof X509Certificate[] ? (X509Certificate[]) certs : null;
    }

    @Override
    public String sni() { return null; }
}
