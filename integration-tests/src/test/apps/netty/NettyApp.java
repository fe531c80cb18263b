import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.AsciiString;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A "legacy" plain Netty application that knows nothing of Meshguard: HttpServerCodec (or, with "split", a separate
 * HttpRequestDecoder and HttpResponseEncoder), an aggregator and a handler that counts the requests reaching it
 * (X-Hits) and echoes the method, the raw path and the headers it received. "h2c" adds the cleartext HTTP/2 upgrade,
 * each stream converted back to HTTP/1 objects; "mtls keystore truststore" serves TLS with a required client
 * certificate, HTTP/2 or HTTP/1.1 by ALPN. One event-loop thread, so a blocked loop shows. Prints READY <port>.
 */
public class NettyApp {
    static final AtomicInteger HITS = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "";
        SslContext tls = mode.equals("mtls") ? tls(args[1], args[2]) : null;
        NioEventLoopGroup boss = new NioEventLoopGroup(1);
        NioEventLoopGroup loop = new NioEventLoopGroup(1);
        ServerBootstrap b = new ServerBootstrap().group(boss, loop).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (tls != null) {
                            p.addLast(tls.newHandler(ch.alloc()));
                            p.addLast(new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
                                @Override
                                protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                                    if (protocol.equals(ApplicationProtocolNames.HTTP_2)) {
                                        ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(), multiplex());
                                    } else {
                                        http1(ctx.pipeline());
                                    }
                                }
                            });
                        } else if (mode.equals("h2c")) {
                            HttpServerCodec codec = new HttpServerCodec();
                            Http2FrameCodec frames = Http2FrameCodecBuilder.forServer().build();
                            HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec, protocol ->
                                    AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                                            ? new Http2ServerUpgradeCodec(frames, multiplex()) : null);
                            p.addLast(new CleartextHttp2ServerUpgradeHandler(codec, upgrade,
                                    new ChannelInitializer<Channel>() {
                                        @Override
                                        protected void initChannel(Channel c) {
                                            c.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(), multiplex());
                                        }
                                    }));
                            // an HTTP/1.1 request that does not upgrade goes on through the codec to these
                            p.addLast(new HttpObjectAggregator(1 << 20), new Echo());
                        } else if (mode.equals("split")) {
                            p.addLast(new HttpRequestDecoder(), new HttpResponseEncoder(), new HttpServerKeepAliveHandler(),
                                    new HttpObjectAggregator(1 << 20), new Echo());
                        } else {
                            http1(p);
                        }
                    }
                });
        Channel server = b.bind("127.0.0.1", 0).sync().channel();
        System.out.println("READY " + ((InetSocketAddress) server.localAddress()).getPort());
    }

    static void http1(ChannelPipeline p) {
        p.addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(), new HttpObjectAggregator(1 << 20), new Echo());
    }

    static ChannelHandler multiplex() {
        return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true), new HttpObjectAggregator(1 << 20),
                        new Echo());
            }
        });
    }

    static SslContext tls(String keyStore, String trustStore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keyStore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(trustStore)) {
            trusted.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        return SslContextBuilder.forServer(kmf).trustManager(tmf).clientAuth(ClientAuth.REQUIRE).sslProvider(SslProvider.JDK)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)).build();
    }

    /** Echoes what reached the application. */
    static final class Echo extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (req.decoderResult().isFailure()) {
                FullHttpResponse bad = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
                bad.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            int hits = HITS.incrementAndGet();
            String uri = req.uri();
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            StringBuilder body = new StringBuilder(req.method() + " " + path + "\n");
            for (Map.Entry<String, String> h : req.headers()) {
                body.append(h.getKey().toLowerCase()).append(": ").append(h.getValue()).append('\n');
            }
            ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, content);
            res.headers().set("X-Hits", hits).set("X-Routed-Path", path)
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=UTF-8")
                    .set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
            Probe.report((name, value) -> res.headers().set(name, value));
            String stream = req.headers().get("x-http2-stream-id");
            if (stream != null) {
                res.headers().set("x-http2-stream-id", stream);
            }
            if (stream == null) {
                HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
            }
            ctx.writeAndFlush(res);
        }
    }
}
