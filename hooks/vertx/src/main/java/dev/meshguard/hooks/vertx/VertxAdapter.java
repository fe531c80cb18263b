package dev.meshguard.hooks.vertx;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.Enforcer;
import dev.meshguard.bootstrap.ServerAdapter;
import dev.meshguard.bootstrap.Verdict;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;

/**
 * Decides Vert.x requests. It is called when a server starts listening ({@code request} the server), to load the
 * connection classes so they are woven before the first connection; then twice over, both times with the connection
 * as the request key, so both calls reach this same adapter:
 * <ul>
 *   <li>once per connection, when Vert.x gives it its request handler ({@code extra} null, {@code response} that
 *       handler): the answer is a {@link RequestGuard} in its place;</li>
 *   <li>once per request, by that guard ({@code response} the request, {@code extra} the guard): the request is
 *       decided, and goes on ({@code CONTINUE}, with Istio's header changes), is answered ({@code HANDLED}), or is
 *       paused until an external authorizer answers and then resumed on its own context ({@code HANDLED}).</li>
 * </ul>
 * What the server itself refuses before the application's first handler is left to it: an unknown HTTP version where
 * Vert.x answers 501, and, in front of a router, a request without a valid Host or {@code :authority} (the router
 * answers 400). A target Quarkus would refuse is refused here with its status. Nothing here blocks the event loop;
 * JWT verification runs on it.
 */
public final class VertxAdapter implements ServerAdapter {
    /** Quarkus's own answer to a target {@code java.net.URI} cannot parse, given before its router runs. */
    private static final Verdict UNPARSABLE_TARGET = Verdict.deny(400, Collections.<String, String>emptyMap(), "",
            "meshguard_unparsable_target", false);

    private final ClassLoader vertx = HttpServerRequest.class.getClassLoader();
    private final HandlerChain chain = HandlerChain.of(vertx);
    private final AuthorityCheck authority = AuthorityCheck.of(vertx);
    private volatile RouterNormalizer normalizer;

    @Override
    @SuppressWarnings("unchecked")
    public Object handle(Object request, Object response, Object extra, Enforcer enforcer) {
        if (request instanceof HttpServer) {
            loadConnectionClasses(request.getClass().getClassLoader());
            return Bridge.CONTINUE;
        }
        if (extra == null) {
            return guard(request, (Handler<HttpServerRequest>) response);
        }
        return decide((HttpServerRequest) response, (RequestGuard) extra, enforcer);
    }

    private static void loadConnectionClasses(ClassLoader loader) {
        for (String name : new String[] {VertxInstrumentation.HTTP1, VertxInstrumentation.HTTP2}) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException otherVersion) {
                // a Vert.x without them (5.1 on) has no HttpServerImpl either, so is never woven
            }
        }
    }

    private Object guard(Object connection, Handler<HttpServerRequest> handler) {
        if (handler == null || handler.getClass().getName().equals(RequestGuard.class.getName())) {
            return Bridge.CONTINUE;
        }
        AppKind kind = AppKind.of(chain.application(handler));
        if (kind != AppKind.CORE) {
            normalizer();
        }
        return new RequestGuard(this, connection, handler, kind, chain.answersUnknownVersions(handler));
    }

    private Object decide(HttpServerRequest request, RequestGuard guard, Enforcer enforcer) {
        if (leftToServer(request, guard)) {
            return Bridge.CONTINUE;
        }
        if (guard.kind() == AppKind.QUARKUS && !parsable(request.uri())) {
            VertxResponses.deny(request, UNPARSABLE_TARGET, false);
            return Bridge.HANDLED;
        }
        String path = RoutedPath.of(guard.kind(), request.path(), guard.kind() == AppKind.CORE ? null : normalizer());
        Verdict verdict = enforcer.decide(new VertxRequestView(request, path == null ? request.path() : path,
                guard.kind() == AppKind.CORE, path == null));
        if (verdict.isPending()) {
            hold(request, verdict, guard);
            return Bridge.HANDLED;
        }
        if (!verdict.allowed()) {
            VertxResponses.deny(request, verdict, false);
            return Bridge.HANDLED;
        }
        verdict.mutation().applyTo(request.headers(), VertxResponses.HEADERS);
        return Bridge.CONTINUE;
    }

    private boolean leftToServer(HttpServerRequest request, RequestGuard guard) {
        HttpVersion version = request.version();
        if (version == null && guard.vertxAnswersUnknownVersions()) {
            return true;
        }
        return guard.kind() != AppKind.CORE && version != HttpVersion.HTTP_1_0 && !authority.isValid(request);
    }

    /**
     * Whether Quarkus's root handler takes the target: it answers 400 to one {@code java.net.URI} refuses (a space, a
     * backslash, a bad escape), unless {@code vertx.disableURIValidation} is set; Meshguard refuses those either way.
     */
    private static boolean parsable(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException | NullPointerException e) {
            return false;
        }
    }

    /**
     * Pauses the request (its body waits in Vert.x's buffer, with back-pressure) and goes on when the verdict comes,
     * on the request's own context. Vert.x dispatches no later request of an HTTP/1.1 connection before this one is
     * answered, so pipelined answers keep their order.
     */
    private static void hold(HttpServerRequest request, Verdict pending, RequestGuard guard) {
        if (!request.isEnded()) {
            request.pause();
        }
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("a Vert.x request handled outside a Vert.x context");
        }
        pending.pending().whenComplete((verdict, failure) -> context.runOnContext(ignored -> resume(request, verdict, guard)));
    }

    private static void resume(HttpServerRequest request, Verdict verdict, RequestGuard guard) {
        if (request.response().closed() || request.response().ended()) {
            return; // the client went away while the authorizer was asked
        }
        try {
            if (verdict == null) {
                VertxResponses.unavailable(request);
                return;
            }
            if (verdict.isPending()) {
                hold(request, verdict, guard);
                return;
            }
            if (!verdict.allowed()) {
                VertxResponses.deny(request, verdict, true);
                return;
            }
            verdict.mutation().applyTo(request.headers(), VertxResponses.HEADERS);
            if (!request.isEnded()) {
                request.resume(); // the body is handed on asynchronously, after the handler below has set its own
            }
        } catch (RuntimeException e) {
            VertxResponses.unavailable(request);
            return;
        }
        guard.next().handle(request);
    }

    private RouterNormalizer normalizer() {
        RouterNormalizer n = normalizer;
        if (n == null) {
            n = RouterNormalizer.of(vertx);
            normalizer = n;
        }
        return n;
    }
}
