package dev.meshguard.hooks.undertow;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.ServerAdapter;
import dev.meshguard.bootstrap.Verdict;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;

/**
 * Decides an Undertow exchange once. Undertow does not resolve dot-segments before routing, so a path with one
 * ({@code /a/../b}, {@code /./}) could be seen differently by a policy and by a handler that canonicalises later: such
 * a request is refused with 400 (the safe choice; Jetty and Tomcat normalise or reject these themselves).
 */
public final class UndertowAdapter implements ServerAdapter {
    private static final AttachmentKey<Boolean> DECIDED = AttachmentKey.create(Boolean.class);

    @Override
    public Object handle(Object request, Object response, Object extra, Enforcer enforcer) {
        HttpServerExchange exchange = (HttpServerExchange) request;
        if (exchange.getAttachment(DECIDED) != null) {
            return Bridge.CONTINUE;
        }
        exchange.putAttachment(DECIDED, Boolean.TRUE);
        UndertowRequestView view = new UndertowRequestView(exchange);
        if (hasDotSegment(view.path())) {
            return new Answer(400, Collections.<String, String>emptyMap(), "meshguard: ambiguous path");
        }
        Verdict v = enforcer.decide(view);
        if (!v.allowed()) {
            return new Answer(v.status(), v.responseHeaders(), v.body());
        }
        for (String name : v.mutation().remove()) {
            exchange.getRequestHeaders().remove(name);
        }
        for (Map.Entry<String, String> e : v.mutation().set().entrySet()) {
            exchange.getRequestHeaders().put(HttpString.tryFromString(e.getKey()), e.getValue());
        }
        return Bridge.CONTINUE;
    }

    static boolean hasDotSegment(String path) {
        return path.contains("/./") || path.contains("/../") || path.endsWith("/.") || path.endsWith("/..");
    }

    /** Writes a denial; runs as the exchange's root handler so Undertow completes the exchange normally. */
    static final class Answer implements HttpHandler {
        private final int status;
        private final Map<String, String> headers;
        private final byte[] body;

        Answer(int status, Map<String, String> headers, String body) {
            this.status = status;
            this.headers = headers;
            this.body = body.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) {
            exchange.setStatusCode(status);
            for (Map.Entry<String, String> h : headers.entrySet()) {
                exchange.getResponseHeaders().put(HttpString.tryFromString(h.getKey()), h.getValue());
            }
            exchange.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "text/plain");
            exchange.setResponseContentLength(body.length);
            exchange.getResponseSender().send(ByteBuffer.wrap(body));
        }
    }
}
