package dev.meshguard.hooks.vertx;

import dev.meshguard.bootstrap.Denials;
import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.bootstrap.RequestHeaders;
import dev.meshguard.bootstrap.ResponseMutator;
import dev.meshguard.bootstrap.Verdict;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

import java.io.IOException;

/**
 * Vert.x's side of answering a request Meshguard refuses ({@link Denials}) and of changing the headers of one it lets
 * through ({@link HeaderMutation}, on {@code request.headers()}, which Vert.x Web, RESTEasy Reactive and plain
 * handlers all read).
 */
final class VertxResponses {
    /** Header changes on a request's live {@link MultiMap}. */
    static final RequestHeaders<MultiMap> HEADERS = new RequestHeaders<MultiMap>() {
        @Override
        public void remove(MultiMap headers, String name) {
            headers.remove(name);
        }

        @Override
        public void set(MultiMap headers, String name, String value) {
            headers.set(name, value);
        }
    };

    private static final ResponseMutator<HttpServerResponse> WITH_BODY = new Writer(true);
    private static final ResponseMutator<HttpServerResponse> HEAD = new Writer(false);

    private VertxResponses() {
    }

    /**
     * Answers {@code request} with {@code denial}, and drops what is left of its body: a paused request is resumed so
     * Vert.x reads the body to its end with no handler (on HTTP/2 that also gives back its flow-control credit); an
     * HTTP/1 request that asked for {@code 100-continue} and whose body has not come is closed after the answer, since
     * its body may never be sent.
     */
    static void deny(HttpServerRequest request, Verdict denial, boolean paused) {
        try {
            Denials.write(request.response(), denial, "HEAD".equals(request.method().name()) ? HEAD : WITH_BODY);
        } catch (IOException cannot) {
            throw new IllegalStateException(cannot);
        }
        drop(request, paused);
    }

    /** The 503 of a request that could not be decided: the application must not run. */
    static void unavailable(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (!response.ended() && !response.closed()) {
            response.setStatusCode(503);
            response.putHeader("content-length", "0");
            response.end();
        }
    }

    private static void drop(HttpServerRequest request, boolean paused) {
        if (request.isEnded()) {
            return;
        }
        if (request.version() != HttpVersion.HTTP_2 && "100-continue".equalsIgnoreCase(request.headers().get("expect"))) {
            request.connection().close();
        } else if (paused) {
            request.resume();
        }
    }

    /** Writes a denial on a Vert.x response; for HEAD, the same headers and no body. */
    private static final class Writer implements ResponseMutator<HttpServerResponse> {
        private final boolean body;

        Writer(boolean body) {
            this.body = body;
        }

        @Override
        public void status(HttpServerResponse response, int status) {
            response.setStatusCode(status);
        }

        @Override
        public void header(HttpServerResponse response, String name, String value) {
            response.putHeader(name, value);
        }

        @Override
        public void finish(HttpServerResponse response, String contentType, byte[] bytes) {
            if (contentType != null) {
                response.putHeader("content-type", contentType);
            }
            response.putHeader("content-length", String.valueOf(bytes.length));
            if (body && bytes.length > 0) {
                response.end(Buffer.buffer(bytes));
            } else {
                response.end();
            }
        }
    }
}
