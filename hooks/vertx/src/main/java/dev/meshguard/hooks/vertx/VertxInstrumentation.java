package dev.meshguard.hooks.vertx;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.hooks.Advice;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.hooks.TargetMethod;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Weaves the setter through which Vert.x 4.5 and 5.0 give every new server connection its request handler,
 * {@code handler(Handler)} of {@code Http1xServerConnection} and {@code Http2ServerConnection}: the handler is replaced
 * by a {@link RequestGuard} that decides each request before it. One seam for HTTP/1.x (WebSocket upgrades included),
 * HTTP/2 over TLS and both forms of h2c, whatever registered the application's handler.
 */
public final class VertxInstrumentation implements ServerInstrumentation {
    static final String HTTP1 = "io.vertx.core.http.impl.Http1xServerConnection";
    static final String HTTP2 = "io.vertx.core.http.impl.Http2ServerConnection";

    @Override
    public String hook() { return "vertx"; }

    @Override
    public Set<String> targetClassNames() { return Collections.unmodifiableSet(new HashSet<>(Arrays.asList(HTTP1, HTTP2))); }

    @Override
    public TargetMethod methods() {
        return TargetMethod.named("handler").takesArguments(1).takesArgument(0, "io.vertx.core.Handler")
                .returns("io.vertx.core.http.impl.HttpServerConnection");
    }

    @Override
    public String adviceClass() { return ConnectionHandlerAdvice.class.getName(); }

    @Override
    public String adapterClass() { return "dev.meshguard.hooks.vertx.VertxAdapter"; }

    /**
     * Inlined into the connection: the request handler is replaced by the adapter's guard. A connection that cannot
     * be guarded is closed, and any request it still carries is refused by Vert.x's own invalid-request handler.
     */
    public static final class ConnectionHandlerAdvice {
        private ConnectionHandlerAdvice() {
        }

        @Advice.OnMethodEnter
        public static void enter(@Advice.This Object connection,
                                 @Advice.Argument(value = 0, readOnly = false) io.vertx.core.Handler handler) {
            Object outcome = Bridge.dispatch("vertx", connection, handler, null);
            if (outcome instanceof io.vertx.core.Handler) {
                handler = (io.vertx.core.Handler) outcome;
            } else if (outcome == Bridge.FAILED) {
                handler = io.vertx.core.http.HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER;
                ((io.vertx.core.http.HttpConnection) connection).close();
            }
        }
    }
}
