package dev.meshguard.hooks.tomcat;

import dev.meshguard.bootstrap.RequestView;
import org.apache.catalina.connector.Request;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;

import javax.net.ssl.SSLEngine;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
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
    public String path() {
        String p = coyote.decodedURI().toString();
        return p == null ? "" : p;
    }

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
            String v = values.nextElement();
            out.add(v == null ? "" : v);
        }
        return out;
    }

    @Override
    public Iterable<String> headerNames() {
        MimeHeaders headers = coyote.getMimeHeaders();
        List<String> names = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.getName(i).toString();
            if (name != null && !names.contains(name)) {
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

    /**
     * Tomcat keeps the TLS engine on its socket, which no public API reaches from a request: it is read through the
     * processor behind the coyote request, by reflection, and only when a policy asks for {@code connection.sni}.
     * Null when that path is not there (another connector, a newer Tomcat): the condition then sees no SNI.
     */
    @Override
    public String sni() {
        if (!request.isSecure() || Sni.SOCKET_WRAPPER == null) {
            return null;
        }
        try {
            Object wrapper = Sni.SOCKET_WRAPPER.invoke(Sni.HOOK.get(coyote));
            Object channel = wrapper == null ? null : ((org.apache.tomcat.util.net.SocketWrapperBase<?>) wrapper).getSocket();
            if (channel == null) {
                return null;
            }
            Object engine = Sni.SSL_ENGINE.get(channel.getClass()).invoke(channel);
            return engine instanceof SSLEngine ? RequestView.serverName(((SSLEngine) engine).getSession()) : null;
        } catch (ReflectiveOperationException | RuntimeException unreachable) {
            return null;
        }
    }

    /** The reflective path to a request's socket, looked up once (the channel's method once per channel class). */
    private static final class Sni {
        static final Field HOOK;
        static final Method SOCKET_WRAPPER;
        static final ClassValue<Method> SSL_ENGINE = new ClassValue<Method>() {
            @Override
            protected Method computeValue(Class<?> channel) {
                try {
                    return channel.getMethod("getSslEngine");
                } catch (NoSuchMethodException plainChannel) {
                    throw new IllegalStateException(channel + " has no SSL engine", plainChannel);
                }
            }
        };

        static {
            Field hook = null;
            Method socketWrapper = null;
            try {
                hook = org.apache.coyote.Request.class.getDeclaredField("hook");
                hook.setAccessible(true);
                socketWrapper = org.apache.coyote.AbstractProcessor.class.getDeclaredMethod("getSocketWrapper");
                socketWrapper.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException notThisTomcat) {
                socketWrapper = null;
            }
            HOOK = hook;
            SOCKET_WRAPPER = socketWrapper;
        }
    }
}
