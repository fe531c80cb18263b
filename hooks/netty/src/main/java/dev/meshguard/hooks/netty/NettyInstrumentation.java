package dev.meshguard.hooks.netty;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.NettyCodecs;
import dev.meshguard.hooks.Advice;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.hooks.TargetMethod;

import java.util.Collections;
import java.util.Set;

/**
 * Weaves {@code DefaultChannelPipeline.callHandlerAdded0}, through which every handler added to any Netty pipeline
 * passes (in 4.1 and 4.2): when a server's HTTP codec joins a pipeline, the adapter places a {@link NettyGuard} after
 * it. Clients load this class too, so it is woven without starting the agent; the first server codec does.
 */
public final class NettyInstrumentation implements ServerInstrumentation {
    static final String TARGET = "io.netty.channel.DefaultChannelPipeline";
    /**
     * The channel attribute (a {@code String}, the hook's name) that a framework's hook sets on a connection it decides
     * itself, before any codec joins its pipeline (Micronaut's): while that hook is woven, this one leaves the channel
     * and its HTTP/2 streams alone, without asking the agent.
     */
    public static final String FRAMEWORK_HOOK = "meshguard.framework-hook";

    @Override
    public String hook() { return "netty"; }

    @Override
    public Set<String> targetClassNames() { return Collections.singleton(TARGET); }

    @Override
    public TargetMethod methods() {
        return TargetMethod.named("callHandlerAdded0").takesArguments(1);
    }

    @Override
    public String adviceClass() { return HandlerAddedAdvice.class.getName(); }

    @Override
    public String adapterClass() { return "dev.meshguard.hooks.netty.NettyAdapter"; }

    @Override
    public boolean activates() { return false; }

    /**
     * Inlined into the pipeline: hands an added HTTP codec to the adapter, unless a woven framework hook claimed the
     * connection; if that fails, the connection is closed.
     */
    public static final class HandlerAddedAdvice {
        private HandlerAddedAdvice() {
        }

        @Advice.OnMethodExit
        public static void exit(@Advice.Argument(0) Object context) {
            io.netty.channel.ChannelHandlerContext ctx = (io.netty.channel.ChannelHandlerContext) context;
            int kind = NettyCodecs.kind(ctx.handler());
            if (kind == NettyCodecs.NONE || NettyCodecs.ownedByWovenFramework(ctx.name())) {
                return;
            }
            io.netty.channel.Channel channel = ctx.channel();
            io.netty.util.AttributeKey<String> claimed = io.netty.util.AttributeKey.valueOf(FRAMEWORK_HOOK);
            io.netty.channel.Channel owner = channel.hasAttr(claimed) || channel.parent() == null ? channel : channel.parent();
            String framework = owner.hasAttr(claimed) ? owner.attr(claimed).get() : null;
            if ((framework == null || !Bridge.isWoven(framework))
                    && Bridge.dispatch("netty", ctx.handler(), ctx, kind) == Bridge.FAILED) {
                channel.close();
            }
        }
    }
}
