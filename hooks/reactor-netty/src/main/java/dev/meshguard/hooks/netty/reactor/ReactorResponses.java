package dev.meshguard.hooks.netty.reactor;

import dev.meshguard.bootstrap.Denials;
import dev.meshguard.bootstrap.ResponseMutator;
import dev.meshguard.bootstrap.Verdict;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Writes a denial through Reactor Netty's own response operations, as a handler would: one full response, after which
 * Reactor finishes the exchange itself (the unread request body discarded, the next pipelined request read, the
 * connection kept alive or closed as for any response). A HEAD denial carries its {@code Content-Length} and no body.
 * Reactor's operations object is both the request and the response.
 */
final class ReactorResponses implements ResponseMutator<HttpServerResponse> {
    static final ReactorResponses INSTANCE = new ReactorResponses();

    private ReactorResponses() {
    }

    /** Answers {@code ops} with {@code denial}: the plain or gRPC form, see {@link Denials}. */
    static void deny(HttpServerResponse ops, Verdict denial) {
        try {
            Denials.write(ops, denial, INSTANCE);
        } catch (java.io.IOException cannot) {
            throw new IllegalStateException(cannot);
        }
    }

    @Override
    public void status(HttpServerResponse ops, int status) {
        ops.status(HttpResponseStatus.valueOf(status));
    }

    @Override
    public void header(HttpServerResponse ops, String name, String value) {
        ops.responseHeaders().set(name, value);
    }

    @Override
    public void finish(HttpServerResponse ops, String contentType, byte[] body) {
        if (contentType != null) {
            ops.responseHeaders().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        ops.responseHeaders().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        boolean head = HttpMethod.HEAD.equals(((HttpServerRequest) ops).method());
        Publisher<Void> sent = head || body.length == 0 ? ops.send() : ops.sendObject(Unpooled.wrappedBuffer(body));
        sent.subscribe(((ChannelOperations<?, ?>) ops).disposeSubscriber());
    }
}
