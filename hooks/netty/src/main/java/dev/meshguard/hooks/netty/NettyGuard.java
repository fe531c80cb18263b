package dev.meshguard.hooks.netty;

import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.Verdict;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ServerChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * Decides each request of one plain Netty channel, placed right after the server's HTTP codec: an allowed request goes
 * on with its header changes, a denied one is answered here and its body discarded, and one waiting for an external
 * authorizer is held, with everything that follows it, until the verdict comes. Responses stay in request order: a
 * denial waits for the responses to earlier requests, and later requests wait for it. Runs on the channel's event
 * loop only, so its state needs no locks; the verdict of a held request is handed back to that loop.
 */
final class NettyGuard extends ChannelDuplexHandler {
    static final String NAME = "meshguard";
    /** Set on a connection whose HTTP/1.1 request was decided and then upgraded to HTTP/2, where it returns as stream 1. */
    private static final AttributeKey<Boolean> UPGRADED = AttributeKey.valueOf("meshguard.upgraded-request-decided");

    private final Enforcer enforcer;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private boolean holding;
    private boolean readCompleteHeld;
    /** Reading was turned off by this handler, and was on before. */
    private boolean suspended;
    private boolean wasAutoRead;
    private boolean discarding;
    private boolean passThrough;
    private boolean checkedOwner;
    private long requestsSeen;
    private long responsesDone;
    private boolean inResponse;
    /** A denial waiting for the responses to earlier requests, and the request count it answers. */
    private FullHttpResponse queuedDenial;
    private boolean queuedCloses;
    private long queuedFor;

    NettyGuard(Enforcer enforcer) {
        this.enforcer = enforcer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (holding) {
            held.add(msg);
            return;
        }
        read(ctx, msg);
    }

    private void read(ChannelHandlerContext ctx, Object msg) {
        if (passThrough || !(msg instanceof HttpObject)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (discarding) {
            discarding = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HttpRequest)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HttpRequest request = (HttpRequest) msg;
        if (!checkedOwner) {
            checkedOwner = true;
            if (NettyAdapter.framework(ctx.pipeline()) != null) {
                // A framework added its handlers after the codec and decides with its own hook: step aside for good.
                ctx.pipeline().remove(this);
                ctx.fireChannelRead(msg);
                return;
            }
        }
        requestsSeen++;
        if (request.decoderResult().isFailure()) {
            passThrough = true; // the decoder sends nothing more: the application answers the malformed request
            ctx.fireChannelRead(msg);
            return;
        }
        if (isUpgradedRequestAgain(ctx.channel(), request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Verdict verdict;
        try {
            verdict = enforcer.decide(new NettyRequestView(request, NettyConnection.of(ctx.channel()),
                    NettyRequestView.rawPath(request.uri()), true));
        } catch (Throwable t) {
            deny(ctx, msg, NettyResponses.unavailable(request.protocolVersion()), true);
            return;
        }
        if (verdict.isPending()) {
            hold(ctx);
            long index = requestsSeen;
            verdict.pending().whenComplete((v, failure) -> ctx.executor().execute(() -> resume(ctx, msg, v, index)));
            return;
        }
        enforce(ctx, msg, verdict);
    }

    private void enforce(ChannelHandlerContext ctx, Object msg, Verdict verdict) {
        HttpRequest request = (HttpRequest) msg;
        if (verdict.allowed()) {
            verdict.mutation().applyTo(request.headers(), NettyResponses.HEADERS);
            ctx.fireChannelRead(msg);
            return;
        }
        FullHttpResponse denial = NettyResponses.denial(verdict, request.protocolVersion());
        boolean complete = msg instanceof LastHttpContent;
        boolean close = !HttpUtil.isKeepAlive(request) || (!complete && HttpUtil.is100ContinueExpected(request));
        deny(ctx, msg, denial, close);
    }

    /** Answers the current request with {@code denial} (now, or after the earlier responses) and drops its body. */
    private void deny(ChannelHandlerContext ctx, Object msg, FullHttpResponse denial, boolean close) {
        HttpRequest request = (HttpRequest) msg;
        discarding = !(msg instanceof LastHttpContent);
        if (HttpMethod.HEAD.equals(request.method())) {
            denial.content().clear();
        }
        boolean stream = isStream(ctx.channel());
        if (!stream) {
            HttpUtil.setKeepAlive(denial, !close);
        }
        ReferenceCountUtil.release(msg);
        if (responsesDone == requestsSeen - 1) {
            write(ctx, denial, close && !stream);
            return;
        }
        queuedDenial = denial;
        queuedCloses = close && !stream;
        queuedFor = requestsSeen;
        hold(ctx);
    }

    private void write(ChannelHandlerContext ctx, FullHttpResponse denial, boolean close) {
        responsesDone++;
        ChannelFuture written = ctx.writeAndFlush(denial);
        if (close) {
            passThrough = true;
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void resume(ChannelHandlerContext ctx, Object msg, Verdict verdict, long index) {
        if (ctx.isRemoved() || !ctx.channel().isActive()) {
            ReferenceCountUtil.release(msg);
            releaseHeld();
            return;
        }
        holding = false;
        if (verdict == null) {
            HttpRequest request = (HttpRequest) msg;
            deny(ctx, msg, NettyResponses.unavailable(request.protocolVersion()), true);
        } else {
            enforce(ctx, msg, verdict);
        }
        if (!holding) {
            replay(ctx);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse) {
            HttpResponseStatus status = ((HttpResponse) msg).status();
            if (status.code() == 101) {
                passThrough = true;
                if ("h2c".equalsIgnoreCase(((HttpResponse) msg).headers().get(HttpHeaderNames.UPGRADE))) {
                    ctx.channel().attr(UPGRADED).set(Boolean.TRUE);
                }
            }
            inResponse = status.codeClass() != io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL;
        }
        boolean finished = inResponse && msg instanceof LastHttpContent;
        ctx.write(msg, promise);
        if (finished) {
            inResponse = false;
            responsesDone++;
            if (queuedDenial != null && responsesDone == queuedFor - 1) {
                FullHttpResponse denial = queuedDenial;
                queuedDenial = null;
                write(ctx, denial, queuedCloses);
                ctx.executor().execute(() -> {
                    holding = false;
                    replay(ctx);
                });
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (holding) {
            readCompleteHeld = true;
        } else {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseHeld();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
    }

    private void hold(ChannelHandlerContext ctx) {
        holding = true;
        if (!suspended) {
            suspended = true;
            wasAutoRead = ctx.channel().config().isAutoRead();
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Feeds the held messages back in order, each decided in turn, until one makes it hold again. */
    private void replay(ChannelHandlerContext ctx) {
        Object next;
        while (!holding && (next = held.poll()) != null) {
            if (passThrough && ctx.channel().isActive() && !(next instanceof HttpObject)) {
                ctx.fireChannelRead(next);
            } else {
                read(ctx, next);
            }
        }
        if (!holding) {
            if (readCompleteHeld) {
                readCompleteHeld = false;
                ctx.fireChannelReadComplete();
            }
            if (suspended) {
                suspended = false;
                if (wasAutoRead) {
                    ctx.channel().config().setAutoRead(true);
                }
            }
        }
    }

    private void releaseHeld() {
        Object m;
        while ((m = held.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
        if (queuedDenial != null) {
            queuedDenial.release();
            queuedDenial = null;
        }
    }

    /** True for an HTTP/2 stream's channel, whose parent is the connection. */
    static boolean isStream(Channel channel) {
        return channel.parent() != null && !(channel.parent() instanceof ServerChannel);
    }

    /** Stream 1 of a connection upgraded from HTTP/1.1 replays the request already decided before the upgrade. */
    private static boolean isUpgradedRequestAgain(Channel channel, HttpRequest request) {
        if (!isStream(channel) || Http2Streams.id(channel) != 1) {
            return false;
        }
        Boolean decided = channel.parent().attr(UPGRADED).getAndSet(null);
        return decided != null && decided;
    }
}
