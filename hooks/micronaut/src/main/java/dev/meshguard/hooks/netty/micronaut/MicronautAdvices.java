package dev.meshguard.hooks.netty.micronaut;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.hooks.Advice;
import dev.meshguard.hooks.netty.NettyInstrumentation;
import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.netty.body.NettyByteBodyFactory;
import io.micronaut.http.server.netty.handler.OutboundAccess;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AttributeKey;

/** The advice inlined into Micronaut's classes (Java 17 like them; read by the weaver, never loaded). */
public final class MicronautAdvices {
    private MicronautAdvices() {
    }

    /**
     * Inlined into {@code RequestHandler.accept}: asks Meshguard, and skips the handler unless the request goes on. A
     * request the adapter answered, or holds for a pending verdict, is skipped; if no decision could be made, the
     * advice answers 503 itself and the application never runs.
     */
    public static final class AcceptAdvice {
        private AcceptAdvice() {
        }

        @Advice.OnMethodEnter(skipOnTrue = true)
        public static boolean enter(@Advice.This Object handler, @Advice.Argument(0) ChannelHandlerContext ctx,
                                    @Advice.Argument(1) HttpRequest request, @Advice.Argument(2) CloseableByteBody body,
                                    @Advice.Argument(3) OutboundAccess access) {
            Object outcome = Bridge.dispatch("micronaut", handler, ctx, new Object[] {request, body, access});
            if (outcome == Bridge.CONTINUE) {
                return false;
            }
            if (outcome == Bridge.FAILED) {
                body.close();
                access.closeAfterWrite();
                access.write(new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.SERVICE_UNAVAILABLE),
                        NettyByteBodyFactory.empty());
            }
            return true;
        }
    }

    /** Inlined into {@code ConnectionPipeline.initChannel}: marks the new connection as decided by the Micronaut hook. */
    public static final class ChannelAdvice {
        private ChannelAdvice() {
        }

        @Advice.OnMethodEnter
        public static void enter(@Advice.FieldValue("channel") Channel channel) {
            channel.attr(AttributeKey.<String>valueOf(NettyInstrumentation.FRAMEWORK_HOOK)).set("micronaut");
        }
    }
}
