package dev.meshguard.hooks.netty.reactor;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.ServerAdapter;
import dev.meshguard.bootstrap.Verdict;
import dev.meshguard.hooks.netty.NettyConnection;
import dev.meshguard.hooks.netty.NettyRequestView;
import dev.meshguard.hooks.netty.NettyResponses;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AttributeKey;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerState;

import java.util.Collections;

/**
 * Decides a Reactor Netty request once, when its server's handle receives it and before the handler (Spring's
 * {@code HttpHandler}: every {@code WebFilter}, router and controller) runs. The policies see the path the router
 * matches ({@link RouterPath}); a target the router would read otherwise or ambiguously, an absolute-form target whose
 * authority is not the Host, and a request whose forwarding headers would add a path prefix
 * ({@code X-Forwarded-Prefix}, which Spring Cloud Gateway routes and forwards) are refused with 400 by the decision
 * core, which logs and counts them (where policies are loaded). Peer and TLS come from the socket, never from the
 * forwarding headers Reactor applies when {@code forwarded(true)}; HTTP/3, whose streams have no socket, is answered
 * 505.
 *
 * <p>An allowed request goes on with its header changes on Reactor's live request headers, which Spring's request
 * wraps without copying. A denied one is answered through Reactor's response operations. One waiting for an external
 * authorizer is held (Reactor reads nothing more of that connection meanwhile, and queues its pipelined requests) and
 * resumed on the channel's event loop when the verdict comes, by calling the handle again. Everything here runs on the
 * channel's event loop; the decision is remembered on the channel, per request, so that a second handle, or the resumed
 * call, is not decided again.
 */
public final class ReactorNettyAdapter implements ServerAdapter {
    /** The request (Reactor's operations object) of this channel that was allowed, so later calls for it go on. */
    private static final AttributeKey<Object> ALLOWED = AttributeKey.valueOf("meshguard.reactor-netty.allowed");
    /** The request of this channel that was answered, or waits for its verdict: later calls for it are skipped. */
    private static final AttributeKey<Object> HELD = AttributeKey.valueOf("meshguard.reactor-netty.held");
    private static final Verdict UNAVAILABLE = Verdict.deny(503, Collections.<String, String>emptyMap(), "", "", false);
    /** HTTP/3 streams have no socket of their own to read the peer and TLS from: refused rather than misread. */
    private static final Verdict NO_HTTP3 = Verdict.deny(505, Collections.<String, String>emptyMap(),
            "meshguard: HTTP/3 is not supported", "meshguard_http3_not_supported", false);

    @Override
    public Object handle(Object request, Object response, Object extra, Enforcer enforcer) {
        Channel channel = ((Connection) request).channel();
        if (channel.attr(ALLOWED).get() == request) {
            return Bridge.CONTINUE;
        }
        if (channel.attr(HELD).get() == request) {
            return Bridge.HANDLED;
        }
        HttpServerRequest ops = (HttpServerRequest) request;
        Verdict verdict = decide(ops, channel, enforcer);
        if (verdict.isPending()) {
            channel.attr(HELD).set(request);
            verdict.pending().whenComplete((next, failure) -> later(channel, request, response, next));
            return Bridge.HANDLED;
        }
        return enforce(channel, ops, verdict);
    }

    private static Verdict decide(HttpServerRequest ops, Channel channel, Enforcer enforcer) {
        if (ops.version().majorVersion() > 2) {
            return NO_HTTP3;
        }
        HttpHeaders headers = ops.requestHeaders();
        String target = ops.uri();
        int pathStart = RouterPath.pathStart(target);
        String path = pathStart < 0 ? null : RouterPath.read(target, pathStart);
        DefaultHttpRequest netty = new DefaultHttpRequest(ops.version(), ops.method(), target, headers);
        NettyConnection connection = NettyConnection.of(channel);
        if (path == null || !authorityIsHost(target, pathStart, headers) || addsPrefix(ops, headers)) {
            // no single path says what the router will match: the core refuses it (400), logged and counted
            String sent = NettyRequestView.rawPath(pathStart < 0 ? target : target.substring(pathStart));
            return enforcer.decide(new NettyRequestView(netty, connection, sent, (String) null));
        }
        return enforcer.decide(new NettyRequestView(netty, connection, path, false));
    }

    /** Spring keeps the Host header where Envoy takes an absolute-form target's authority: both must be one host. */
    private static boolean authorityIsHost(String target, int pathStart, HttpHeaders headers) {
        String authority = RouterPath.authority(target, pathStart);
        return authority == null || authority.equalsIgnoreCase(headers.get(HttpHeaderNames.HOST));
    }

    /**
     * True when forwarding headers would put a prefix before the path: Spring then builds the request URI as prefix
     * plus path, which Spring Cloud Gateway routes on and forwards, while the policies see only the path.
     */
    private static boolean addsPrefix(HttpServerRequest ops, HttpHeaders headers) {
        return headers.contains("X-Forwarded-Prefix") || ops.forwardedPrefix() != null;
    }

    private static Object enforce(Channel channel, HttpServerRequest ops, Verdict verdict) {
        if (verdict.allowed()) {
            verdict.mutation().applyTo(ops.requestHeaders(), NettyResponses.HEADERS);
            channel.attr(ALLOWED).set(ops);
            return Bridge.CONTINUE;
        }
        channel.attr(HELD).set(ops);
        ReactorResponses.deny((HttpServerResponse) ops, verdict);
        return Bridge.HANDLED;
    }

    /** Hands a verdict that arrived on another thread back to the channel's event loop. */
    private static void later(Channel channel, Object request, Object handle, Verdict verdict) {
        try {
            channel.eventLoop().execute(() -> resume(channel, request, handle, verdict));
        } catch (RuntimeException loopShutDown) {
            channel.close();
        }
    }

    /**
     * Enforces a verdict that was pending: the denial is written, or the handle is called again for the request (the
     * woven advice then finds it allowed and lets the handle run the application). Nothing is done for a request whose
     * connection has gone meanwhile.
     */
    private static void resume(Channel channel, Object request, Object handle, Verdict verdict) {
        if (!channel.isActive() || ChannelOperations.get(channel) != request) {
            return;
        }
        HttpServerRequest ops = (HttpServerRequest) request;
        try {
            if (enforce(channel, ops, verdict == null ? UNAVAILABLE : verdict) == Bridge.CONTINUE) {
                ((ConnectionObserver) handle).onStateChange((Connection) request, HttpServerState.REQUEST_RECEIVED);
            }
        } catch (RuntimeException e) {
            try {
                ReactorResponses.deny((HttpServerResponse) request, UNAVAILABLE);
            } catch (RuntimeException alreadyAnswering) {
                channel.close();
            }
        }
    }

}
