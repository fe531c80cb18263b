package dev.meshguard.hooks.netty.micronaut;

import dev.meshguard.bootstrap.Verdict;
import dev.meshguard.hooks.netty.NettyResponses;
import io.micronaut.http.body.AvailableByteBody;
import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.netty.body.NettyByteBodyFactory;
import io.micronaut.http.server.netty.handler.OutboundAccess;
import io.micronaut.http.server.netty.handler.RequestHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.Attribute;

/**
 * One call of {@code RequestHandler.accept}: what is needed to let the request go on, to answer it in the handler's
 * place, or to hold it and resume it later on the channel's event loop. Runs on that loop only.
 */
final class MicronautCall {
    private final RequestHandler handler;
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final CloseableByteBody body;
    private final OutboundAccess access;

    MicronautCall(RequestHandler handler, ChannelHandlerContext ctx, HttpRequest request, CloseableByteBody body,
                  OutboundAccess access) {
        this.handler = handler;
        this.ctx = ctx;
        this.request = request;
        this.body = body;
        this.access = access;
    }

    /**
     * Applies an allowed verdict's header changes, which Micronaut's request and the application then read. When an
     * outer handler (the WebSocket upgrade's) passes the request on, the inner one is told it is decided.
     */
    void allow(Verdict allowed, boolean passedOn) {
        allowed.mutation().applyTo(request.headers(), NettyResponses.HEADERS);
        if (passedOn) {
            ctx.channel().attr(MicronautAdapter.DECIDED).set(request);
        }
    }

    /**
     * Answers the request with {@code denial} through its {@code OutboundAccess}, after the responses to earlier
     * pipelined requests; its body is discarded, and a body still arriving closes the connection after the answer
     * rather than being read to its end (HTTP/2: the stream is reset).
     */
    void answer(Verdict denial) {
        write(NettyResponses.denial(denial, request.protocolVersion()));
    }

    /** Holds the request until {@code pending} completes, then decides it on the channel's event loop. */
    void hold(Verdict pending) {
        pending.pending().whenComplete((verdict, failure) -> ctx.executor().execute(() -> resume(verdict)));
    }

    private void resume(Verdict verdict) {
        if (!MicronautStreams.isOpen(ctx, request)) {
            body.close(); // the client went away: the application never runs for it
            return;
        }
        if (verdict == null) {
            write(NettyResponses.unavailable(request.protocolVersion()));
        } else if (verdict.isPending()) {
            hold(verdict);
        } else if (!verdict.allowed()) {
            answer(verdict);
        } else {
            verdict.mutation().applyTo(request.headers(), NettyResponses.HEADERS);
            Attribute<HttpRequest> decided = ctx.channel().attr(MicronautAdapter.DECIDED);
            decided.set(request);
            try {
                handler.accept(ctx, request, body, access);
            } finally {
                decided.set(null);
            }
        }
    }

    private void write(FullHttpResponse answer) {
        boolean complete = body instanceof AvailableByteBody;
        body.close();
        if (!complete) {
            access.closeAfterWrite();
        }
        HttpResponse head = new DefaultHttpResponse(answer.protocolVersion(), answer.status(), answer.headers());
        if (HttpMethod.HEAD.equals(request.method())) {
            answer.release();
            access.writeHeadResponse(head);
        } else {
            access.write(head, new NettyByteBodyFactory(ctx.channel()).adapt(answer.content()));
        }
    }
}
