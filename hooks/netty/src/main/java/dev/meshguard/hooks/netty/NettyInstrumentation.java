package dev.meshguard.hooks.netty;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.NettyCodecs;
import dev.meshguard.hooks.ServerInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.Collections;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Weaves {@code DefaultChannelPipeline.callHandlerAdded0}, through which every handler added to any Netty pipeline
 * passes (in 4.1 and 4.2): when a server's HTTP codec joins a pipeline, the adapter places a {@link NettyGuard} after
 * it. Clients load this class too, so it is woven without starting the agent; the first server codec does.
 */
public final class NettyInstrumentation implements ServerInstrumentation {
    static final String TARGET = "io.netty.channel.DefaultChannelPipeline";

    @Override
    public String hook() { return "netty"; }

    @Override
    public Set<String> targetClassNames() { return Collections.singleton(TARGET); }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return named("callHandlerAdded0").and(takesArguments(1));
    }

    @Override
    public String adviceClass() { return HandlerAddedAdvice.class.getName(); }

    @Override
    public String adapterClass() { return "dev.meshguard.hooks.netty.NettyAdapter"; }

    @Override
    public boolean activates() { return false; }

    /**
     * Inlined into the pipeline: hands an added HTTP codec to the adapter, unless a woven framework hook owns it; if
     * that fails, the connection is closed.
     */
    public static final class HandlerAddedAdvice {
        private HandlerAddedAdvice() {
        }

        @Advice.OnMethodExit
        public static void exit(@Advice.Argument(0) Object context) {
            io.netty.channel.ChannelHandlerContext ctx = (io.netty.channel.ChannelHandlerContext) context;
            int kind = NettyCodecs.kind(ctx.handler());
            if (kind != NettyCodecs.NONE && !NettyCodecs.ownedByWovenFramework(ctx.name())
                    && Bridge.dispatch("netty", ctx.handler(), ctx, kind) == Bridge.FAILED) {
                ctx.channel().close();
            }
        }
    }
}
