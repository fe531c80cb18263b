package dev.meshguard.hooks.netty;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.NettyCodecs;
import dev.meshguard.bootstrap.ServerAdapter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ServerChannel;

import java.util.List;
import java.util.Map;

/**
 * Places a {@link NettyGuard} after a server's HTTP codec as it joins a pipeline: after {@code HttpServerCodec}, after
 * {@code Http2StreamFrameToHttpObjectCodec} in a server's HTTP/2 stream, and after both halves of a split
 * {@code HttpRequestDecoder}/{@code HttpResponseEncoder} pair (so that its denials are encoded). A pipeline that a
 * framework with its own hook built (Reactor Netty, Vert.x, Micronaut) is left to that hook, as long as that hook is
 * woven; otherwise the guard decides, so no request goes unchecked.
 */
public final class NettyAdapter implements ServerAdapter {
    /** Class-name or handler-name prefixes of the frameworks that decide with their own hook, and that hook. */
    private static final String[][] FRAMEWORKS = {
        {"reactor.", "reactor-netty"},
        {"io.vertx.", "vertx"},
        {"io.micronaut.", "micronaut"},
    };

    @Override
    public Object handle(Object request, Object response, Object extra, Enforcer enforcer) {
        ChannelHandlerContext codec = (ChannelHandlerContext) response;
        int kind = (Integer) extra;
        if (codec.isRemoved()) {
            return Bridge.CONTINUE;
        }
        Channel channel = codec.channel();
        boolean server = kind == NettyCodecs.HTTP2_STREAM_CODEC
                ? NettyGuard.isStream(channel) && channel.parent().parent() instanceof ServerChannel
                : channel.parent() instanceof ServerChannel;
        ChannelPipeline pipeline = codec.pipeline();
        if (!server || framework(pipeline) != null) {
            return Bridge.CONTINUE;
        }
        ChannelHandlerContext guard = pipeline.context(NettyGuard.NAME);
        if (kind == NettyCodecs.RESPONSE_ENCODER) {
            if (guard != null && before(pipeline, NettyGuard.NAME, codec.name())) {
                pipeline.remove(NettyGuard.NAME);
                pipeline.addAfter(codec.name(), NettyGuard.NAME, new NettyGuard(enforcer));
            }
            return Bridge.CONTINUE;
        }
        if (guard == null) {
            String after = codec.name();
            ChannelHandlerContext encoder = kind == NettyCodecs.REQUEST_DECODER ? encoderAfter(pipeline, after) : null;
            pipeline.addAfter(encoder != null ? encoder.name() : after, NettyGuard.NAME, new NettyGuard(enforcer));
        }
        return Bridge.CONTINUE;
    }

    /**
     * The hook of the framework that built {@code pipeline} (or, for an HTTP/2 stream, its connection's), when that
     * hook is woven and so decides the requests; null otherwise.
     */
    static String framework(ChannelPipeline pipeline) {
        String own = frameworkOf(pipeline);
        if (own != null) {
            return own;
        }
        Channel parent = pipeline.channel().parent();
        return parent != null && !(parent instanceof ServerChannel) ? frameworkOf(parent.pipeline()) : null;
    }

    private static String frameworkOf(ChannelPipeline pipeline) {
        for (Map.Entry<String, ChannelHandler> e : pipeline) {
            String className = e.getValue().getClass().getName();
            for (String[] f : FRAMEWORKS) {
                if ((className.startsWith(f[0]) || e.getKey().startsWith(f[0])) && Bridge.isWoven(f[1])) {
                    return f[1];
                }
            }
        }
        return null;
    }

    /** True when the handler named {@code first} comes before the one named {@code second}. */
    private static boolean before(ChannelPipeline pipeline, String first, String second) {
        List<String> names = pipeline.names();
        int a = names.indexOf(first);
        int b = names.indexOf(second);
        return a >= 0 && b >= 0 && a < b;
    }

    /** A response encoder placed after {@code decoder}, or null. */
    private static ChannelHandlerContext encoderAfter(ChannelPipeline pipeline, String decoder) {
        boolean seen = false;
        for (String name : pipeline.names()) {
            if (name.equals(decoder)) {
                seen = true;
            } else if (seen) {
                ChannelHandlerContext c = pipeline.context(name);
                if (c != null && NettyCodecs.kind(c.handler()) == NettyCodecs.RESPONSE_ENCODER) {
                    return c;
                }
            }
        }
        return null;
    }
}
