package dev.meshguard.hooks.undertow;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.Denials;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.RequestHeaders;
import dev.meshguard.bootstrap.ResponseMutator;
import dev.meshguard.bootstrap.ServerAdapter;
import dev.meshguard.bootstrap.Verdict;
import io.undertow.server.HttpHandler;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.HostHeaderHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.util.Collections;

/**
 * Decides an Undertow exchange once. Undertow does not resolve dot-segments before routing, so a path with one
 * ({@code /a/../b}, {@code /./}) could be seen differently by a policy and by a handler that canonicalises later: such
 * a request is refused with 400 (the safe choice; Jetty and Tomcat normalise or reject these themselves). An exchange
 * Undertow has already answered (its response started) is left to Undertow.
 */
public final class UndertowAdapter implements ServerAdapter {
    private static final AttachmentKey<Boolean> DECIDED = AttachmentKey.create(Boolean.class);
    private static final String HOST_CHECK = "io.undertow.server.handlers.HostHeaderHandler";
    /** Runs instead of the application when Undertow has already answered the exchange. */
    private static final HttpHandler ALREADY_ANSWERED = exchange -> { };
    static final ResponseMutator<HttpServerExchange> RESPONSE = new ExchangeResponse();
    static final RequestHeaders<HeaderMap> HEADERS = new ExchangeHeaders();

    @Override
    public Object handle(Object request, Object response, Object extra, Enforcer enforcer) {
        HttpServerExchange exchange = (HttpServerExchange) request;
        if (exchange.getAttachment(DECIDED) != null || exchange.isResponseStarted()
                || exchange.getRequestMethod() == null) {
            return Bridge.CONTINUE;
        }
        exchange.putAttachment(DECIDED, Boolean.TRUE);
        if (extra != null && extra.getClass().getName().equals(HOST_CHECK) && !hostIsValid(exchange)) {
            return ALREADY_ANSWERED;
        }
        UndertowRequestView view = new UndertowRequestView(exchange);
        if (hasDotSegment(view.path())) {
            return new Answer(Verdict.deny(400, Collections.<String, String>emptyMap(), "meshguard: ambiguous path",
                    "meshguard_ambiguous_path", false));
        }
        Verdict v = enforcer.decide(view);
        if (v.isPending()) {
            return new Pending(v, (HttpHandler) extra);
        }
        if (!v.allowed()) {
            return new Answer(v);
        }
        v.mutation().applyTo(exchange.getRequestHeaders(), HEADERS);
        return Bridge.CONTINUE;
    }

    /**
     * Undertow's own Host check, which wraps the root handler and so runs after this hook: where it refuses a request
     * (no Host, several, a malformed one) it answers 400 now, as Undertow would, and the request is left at that.
     * Only called when the root handler is that check, so only on Undertow versions that have it.
     */
    private static boolean hostIsValid(HttpServerExchange exchange) {
        final boolean[] passed = {false};
        try {
            new HostHeaderHandler(e -> passed[0] = true).handleRequest(exchange);
        } catch (Exception e) {
            throw new IllegalStateException("Undertow's Host check failed", e);
        }
        return passed[0];
    }

    static boolean hasDotSegment(String path) {
        return path.contains("/./") || path.contains("/../") || path.endsWith("/.") || path.endsWith("/..");
    }

    /** Writes a denial; runs as the exchange's root handler so Undertow completes the exchange normally. */
    static final class Answer implements HttpHandler {
        private final Verdict denial;

        Answer(Verdict denial) {
            this.denial = denial;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            Denials.write(exchange, denial, RESPONSE);
        }
    }

    /**
     * Waits for a decision still being made (an external authorizer's answer) without holding the I/O thread: the
     * exchange is dispatched, and resumed with the application's handler or the denial once the verdict is final.
     */
    static final class Pending implements HttpHandler {
        private final Verdict pending;
        private final HttpHandler next;

        Pending(Verdict pending, HttpHandler next) {
            this.pending = pending;
            this.next = next;
        }

        @Override
        public void handleRequest(final HttpServerExchange exchange) {
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> pending.pending().whenComplete((verdict, failure) ->
                    exchange.getIoThread().execute(() -> resume(exchange, verdict))));
        }

        private void resume(HttpServerExchange exchange, Verdict verdict) {
            if (verdict != null && verdict.allowed()) {
                verdict.mutation().applyTo(exchange.getRequestHeaders(), HEADERS);
                Connectors.executeRootHandler(next, exchange);
            } else {
                Connectors.executeRootHandler(verdict == null ? new ResponseCodeHandler(503) : new Answer(verdict), exchange);
            }
        }
    }

    private static final class ExchangeResponse implements ResponseMutator<HttpServerExchange> {
        @Override
        public void status(HttpServerExchange exchange, int status) {
            exchange.setStatusCode(status);
        }

        @Override
        public void header(HttpServerExchange exchange, String name, String value) {
            exchange.getResponseHeaders().put(HttpString.tryFromString(name), value);
        }

        @Override
        public void finish(HttpServerExchange exchange, String contentType, byte[] body) {
            if (contentType != null) {
                exchange.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), contentType);
            }
            exchange.setResponseContentLength(body.length);
            exchange.getResponseSender().send(ByteBuffer.wrap(body));
        }
    }

    private static final class ExchangeHeaders implements RequestHeaders<HeaderMap> {
        @Override
        public void remove(HeaderMap headers, String name) {
            headers.remove(name);
        }

        @Override
        public void set(HeaderMap headers, String name, String value) {
            headers.put(HttpString.tryFromString(name), value);
        }
    }
}
