package dev.meshguard.hooks.netty;

import dev.meshguard.bootstrap.RequestView;
import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.handler.ssl.SslHandler;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSession;

/**
 * What a request learns from its connection: the socket's addresses and the TLS session, read from the channel that
 * owns the socket (for an HTTP/2 stream, its parent), never from forwarding headers. Immutable once read.
 */
public final class NettyConnection {
    private final String localAddress;
    private final int localPort;
    private final String remoteAddress;
    private final SSLSession tls;

    private NettyConnection(String localAddress, int localPort, String remoteAddress, SSLSession tls) {
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.remoteAddress = remoteAddress;
        this.tls = tls;
    }

    /** Reads the connection of {@code channel}: the socket's own channel, found through the parents of a stream. */
    public static NettyConnection of(Channel channel) {
        Channel socket = channel;
        while (socket.parent() != null && !(socket.parent() instanceof ServerChannel)) {
            socket = socket.parent();
        }
        SslHandler ssl = socket.pipeline().get(SslHandler.class);
        SocketAddress local = socket.localAddress();
        SocketAddress remote = socket.remoteAddress();
        return new NettyConnection(host(local), local instanceof InetSocketAddress ? ((InetSocketAddress) local).getPort() : -1,
                host(remote), ssl == null ? null : ssl.engine().getSession());
    }

    private static String host(SocketAddress a) {
        if (!(a instanceof InetSocketAddress) || ((InetSocketAddress) a).getAddress() == null) {
            return "";
        }
        return ((InetSocketAddress) a).getAddress().getHostAddress();
    }

    public String localAddress() { return localAddress; }

    public int localPort() { return localPort; }

    public String remoteAddress() { return remoteAddress; }

    /** True when the connection is TLS. */
    public boolean secure() { return tls != null; }

    /** The verified client certificate chain, leaf first, or null. */
    public X509Certificate[] peerCertificates() {
        return RequestView.peerCertificates(tls);
    }

    /** The server name the client asked for in its TLS handshake, or null. */
    public String sni() {
        return tls == null ? null : RequestView.serverName(tls);
    }
}
