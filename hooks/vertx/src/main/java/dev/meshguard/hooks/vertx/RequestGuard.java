package dev.meshguard.hooks.vertx;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.ServerAdapter;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * The request handler Meshguard gives a Vert.x connection in place of the application's: each request goes through
 * {@code Bridge.dispatch} first, straight to the adapter that made this guard (no lookup per request), and reaches
 * {@link #next()} only when the adapter lets it (at once, or later on the request's context once a pending verdict
 * allows it). If the decision itself fails, the request is answered 503.
 * Immutable; one per connection.
 */
public final class RequestGuard implements Handler<HttpServerRequest> {
    private final ServerAdapter adapter;
    private final Object connection;
    private final Handler<HttpServerRequest> next;
    private final AppKind kind;
    private final boolean vertxAnswersUnknownVersions;

    /**
     * @param adapter                     the adapter that decides this connection's requests
     * @param connection                  the Vert.x connection
     * @param next                        the handler Vert.x gave the connection
     * @param kind                        what the application routes with
     * @param vertxAnswersUnknownVersions true when {@code next} answers an unknown HTTP version (501) by itself
     */
    RequestGuard(ServerAdapter adapter, Object connection, Handler<HttpServerRequest> next, AppKind kind,
                 boolean vertxAnswersUnknownVersions) {
        this.adapter = adapter;
        this.connection = connection;
        this.next = next;
        this.kind = kind;
        this.vertxAnswersUnknownVersions = vertxAnswersUnknownVersions;
    }

    @Override
    public void handle(HttpServerRequest request) {
        Object outcome = Bridge.dispatch("vertx", adapter, connection, request, this);
        if (outcome == Bridge.CONTINUE) {
            next.handle(request);
        } else if (outcome == Bridge.FAILED) {
            VertxResponses.unavailable(request);
        }
    }

    Handler<HttpServerRequest> next() { return next; }

    AppKind kind() { return kind; }

    boolean vertxAnswersUnknownVersions() { return vertxAnswersUnknownVersions; }

    @Override
    public String toString() {
        return "meshguard(" + kind + ": " + next + ")";
    }
}
