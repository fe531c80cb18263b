package dev.meshguard.hooks.grpc;

import dev.meshguard.bootstrap.RequestView;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.internal.ServerStream;

import javax.net.ssl.SSLSession;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A gRPC call as Envoy sees it: {@code :method} {@code POST}, {@code :path} {@code /} and the full method name (what
 * grpc-java looks the method up by, so it is also the path it routes on), {@code :authority} from the stream, the
 * peer and the TLS session from the transport (never from metadata), and the headers from the call's metadata, keys in
 * lower case, {@code -bin} values in base64 without padding, as grpc-java sends them.
 */
final class GrpcRequestView implements RequestView {
    private final ServerStream stream;
    private final String path;
    private final Metadata headers;
    private final Attributes attributes;
    private final SSLSession tls;

    GrpcRequestView(ServerStream stream, String methodName, Metadata headers) {
        this.stream = stream;
        this.path = "/" + methodName;
        this.headers = headers;
        Attributes a = stream.getAttributes();
        this.attributes = a == null ? Attributes.EMPTY : a;
        this.tls = attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    }

    @Override
    public String method() { return "POST"; }

    @Override
    public String path() { return path; }

    @Override
    public String rawTarget() { return path; }

    @Override
    public String query() {
        int q = path.indexOf('?');
        return q < 0 ? null : path.substring(q + 1);
    }

    @Override
    public String scheme() { return tls != null ? "https" : "http"; }

    @Override
    public String host() { return stream.getAuthority(); }

    @Override
    public int localPort() {
        InetSocketAddress a = inet(Grpc.TRANSPORT_ATTR_LOCAL_ADDR);
        return a == null ? -1 : a.getPort();
    }

    @Override
    public String localAddress() { return address(inet(Grpc.TRANSPORT_ATTR_LOCAL_ADDR)); }

    @Override
    public String remoteAddress() { return address(inet(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)); }

    private InetSocketAddress inet(Attributes.Key<SocketAddress> key) {
        SocketAddress a = attributes.get(key);
        return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
    }

    private static String address(InetSocketAddress a) {
        return a == null || a.getAddress() == null ? null : a.getAddress().getHostAddress();
    }

    @Override
    public List<String> headers(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.startsWith(":")) {
            return pseudoHeader(key);
        }
        Iterable<String> values;
        try {
            values = key.endsWith(Metadata.BINARY_HEADER_SUFFIX) ? binary(key) : headers.getAll(asciiKey(key));
        } catch (IllegalArgumentException notAMetadataName) {
            return Collections.emptyList();
        }
        if (values == null) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>(1);
        for (String v : values) {
            out.add(v);
        }
        return out;
    }

    private List<String> pseudoHeader(String key) {
        switch (key) {
            case ":path": return Collections.singletonList(path);
            case ":method": return Collections.singletonList("POST");
            case ":scheme": return Collections.singletonList(scheme());
            case ":authority": return host() == null ? Collections.<String>emptyList() : Collections.singletonList(host());
            default: return Collections.emptyList();
        }
    }

    private Iterable<String> binary(String key) {
        Iterable<byte[]> raw = headers.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER));
        if (raw == null) {
            return null;
        }
        List<String> out = new ArrayList<>(1);
        for (byte[] b : raw) {
            out.add(Base64.getEncoder().withoutPadding().encodeToString(b));
        }
        return out;
    }

    static Metadata.Key<String> asciiKey(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }

    @Override
    public Iterable<String> headerNames() { return headers.keys(); }

    @Override
    public X509Certificate[] peerCertificates() {
        return RequestView.peerCertificates(tls);
    }

    @Override
    public String sni() { return tls == null ? null : RequestView.serverName(tls); }

    /**
     * True: grpc-java finds the method by the exact path the client sent, so a path Envoy would normalise to another
     * one is refused rather than decided under a reading the server does not share.
     */
    @Override
    public boolean routesOnRawPath() { return true; }
}
