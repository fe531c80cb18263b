package dev.meshguard.hooks.netty;

import dev.meshguard.bootstrap.Denials;
import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.bootstrap.RequestHeaders;
import dev.meshguard.bootstrap.ResponseMutator;
import dev.meshguard.bootstrap.Verdict;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Netty's side of writing a denial and of changing request headers: see {@link Denials} and {@link HeaderMutation}. */
public final class NettyResponses {
    /** Header changes on a Netty request's {@link HttpHeaders}. */
    public static final RequestHeaders<HttpHeaders> HEADERS = new RequestHeaders<HttpHeaders>() {
        @Override
        public void remove(HttpHeaders headers, String name) {
            headers.remove(name);
        }

        @Override
        public void set(HttpHeaders headers, String name, String value) {
            headers.set(name, value);
        }
    };

    private static final ResponseMutator<Draft> DRAFTS = new ResponseMutator<Draft>() {
        @Override
        public void status(Draft draft, int status) {
            draft.status = status;
        }

        @Override
        public void header(Draft draft, String name, String value) {
            draft.headers.set(name, value);
        }

        @Override
        public void finish(Draft draft, String contentType, byte[] body) {
            if (contentType != null) {
                draft.headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
            }
            draft.headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            draft.body = body;
        }
    };

    private NettyResponses() {
    }

    /** A denial being written: status, headers, body. */
    private static final class Draft {
        int status;
        final HttpHeaders headers = new DefaultHttpHeaders();
        byte[] body;
    }

    /** The full response that answers a request with {@code denial}, in its plain or gRPC form. */
    public static FullHttpResponse denial(Verdict denial, HttpVersion version) {
        Draft draft = new Draft();
        try {
            Denials.write(draft, denial, DRAFTS);
        } catch (java.io.IOException cannot) {
            throw new IllegalStateException(cannot);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(draft.status),
                Unpooled.wrappedBuffer(draft.body));
        response.headers().set(draft.headers);
        return response;
    }

    /** The 503 answered when a request cannot be decided: the hook failed, and the application must not run. */
    public static FullHttpResponse unavailable(HttpVersion version) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.SERVICE_UNAVAILABLE);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }
}
