package dev.meshguard.hooks.netty.micronaut;

import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.hooks.TargetMethod;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Weaves {@code RequestHandler.accept(ChannelHandlerContext, HttpRequest, CloseableByteBody, OutboundAccess)} of
 * Micronaut's two request handlers (micronaut-http-server-netty 4.5 to 4.10), which every request of every protocol
 * reaches before any filter or route: {@code RoutingInBoundHandler}, and {@code NettyServerWebSocketUpgradeHandler},
 * which sits before it when micronaut-websocket is present and hands it every request that is not an upgrade (the
 * adapter decides such a request once). Compiled for Java 8, since the agent loads it on any JVM; the advice, in
 * {@link MicronautAdvices}, is Java 17 like Micronaut and is only read, never loaded.
 */
public final class MicronautInstrumentation implements ServerInstrumentation {
    static final String ROUTING = "io.micronaut.http.server.netty.RoutingInBoundHandler";
    static final String WEBSOCKET_UPGRADE = "io.micronaut.http.server.netty.websocket.NettyServerWebSocketUpgradeHandler";
    static final String ADAPTER = "dev.meshguard.hooks.netty.micronaut.MicronautAdapter";

    @Override
    public String hook() { return "micronaut"; }

    @Override
    public Set<String> targetClassNames() {
        return Collections.unmodifiableSet(new HashSet<>(Arrays.asList(ROUTING, WEBSOCKET_UPGRADE)));
    }

    @Override
    public TargetMethod methods() {
        return TargetMethod.named("accept").takesArguments(4)
                .takesArgument(0, "io.netty.channel.ChannelHandlerContext")
                .takesArgument(1, "io.netty.handler.codec.http.HttpRequest")
                .takesArgument(2, "io.micronaut.http.body.CloseableByteBody")
                .takesArgument(3, "io.micronaut.http.server.netty.handler.OutboundAccess");
    }

    @Override
    public String adviceClass() { return "dev.meshguard.hooks.netty.micronaut.MicronautAdvices$AcceptAdvice"; }

    @Override
    public String adapterClass() { return ADAPTER; }

    /** The shared Netty classes (request view, connection, denial) load next to Micronaut's Netty too. */
    @Override
    public String adapterPackage() { return "dev.meshguard.hooks.netty."; }
}
