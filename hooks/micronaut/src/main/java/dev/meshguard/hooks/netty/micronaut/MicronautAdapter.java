package dev.meshguard.hooks.netty.micronaut;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.ServerAdapter;
import dev.meshguard.bootstrap.Verdict;
import dev.meshguard.hooks.netty.NettyConnection;
import dev.meshguard.hooks.netty.NettyRequestView;
import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.server.netty.RoutingInBoundHandler;
import io.micronaut.http.server.netty.handler.OutboundAccess;
import io.micronaut.http.server.netty.handler.RequestHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;

/**
 * Decides each Micronaut request once, at the first {@code RequestHandler.accept} it reaches, on the channel's event
 * loop: the path is the raw one Micronaut's router matches, and what it refuses of a target is refused with 400 by the
 * decision core ({@link MicronautTarget}); an allowed request goes on with
 * its header changes, which Micronaut's request wraps without copying; a denied one is answered through the
 * request's {@code OutboundAccess}, which keeps pipelined responses in order; one waiting for an external authorizer
 * is held, without blocking the loop, and resumed there when the verdict comes. A request Netty's decoder already
 * failed is left to Micronaut, which answers it without running filters or routes.
 */
public final class MicronautAdapter implements ServerAdapter {
    /**
     * The request that an {@code accept} on this connection lets through undecided: already allowed by the WebSocket
     * upgrade handler that hands it to the routing handler, or being resumed. Only ever read and set on the event loop.
     */
    static final AttributeKey<HttpRequest> DECIDED = AttributeKey.valueOf("meshguard.micronaut.decided-request");

    @Override
    public Object handle(Object handler, Object context, Object extra, Enforcer enforcer) {
        ChannelHandlerContext ctx = (ChannelHandlerContext) context;
        Object[] arguments = (Object[]) extra;
        HttpRequest request = (HttpRequest) arguments[0];
        Attribute<HttpRequest> decided = ctx.channel().attr(DECIDED);
        if (decided.get() == request) {
            if (handler instanceof RoutingInBoundHandler) {
                decided.set(null);
            }
            return Bridge.CONTINUE;
        }
        if (request.decoderResult().isFailure()) {
            return Bridge.CONTINUE;
        }
        MicronautCall call = new MicronautCall((RequestHandler) handler, ctx, request, (CloseableByteBody) arguments[1],
                (OutboundAccess) arguments[2]);
        MicronautTarget target = MicronautTarget.of(request.method().name(), request.uri());
        Verdict verdict = enforcer.decide(new NettyRequestView(request, NettyConnection.of(ctx.channel()),
                target.routedPath(), target.ambiguous() ? null : target.rawPath()));
        if (verdict.isPending()) {
            call.hold(verdict);
            return Bridge.HANDLED;
        }
        if (!verdict.allowed()) {
            call.answer(verdict);
            return Bridge.HANDLED;
        }
        call.allow(verdict, !(handler instanceof RoutingInBoundHandler));
        return Bridge.CONTINUE;
    }
}
