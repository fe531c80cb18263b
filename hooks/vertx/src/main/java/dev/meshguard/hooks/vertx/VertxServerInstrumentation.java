package dev.meshguard.hooks.vertx;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.hooks.Advice;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.hooks.TargetMethod;

import java.util.Collections;
import java.util.Set;

/**
 * The second half of the {@code vertx} hook: {@code HttpServerImpl.listen(SocketAddress)}, which every way of starting
 * a Vert.x 4.5 or 5.0 HTTP server goes through. Vert.x loads its connection classes only with the first connection,
 * and an h2c upgrade creates no HTTP/1 connection at all, so until then the plain-Netty hook could not know that this
 * hook will decide the requests, and would decide the first ones itself (twice, with the header changes of one
 * decision in the other). Loading {@code HttpServerImpl} starts the agent (off the event loop, on the thread that
 * creates the server) and marks this hook as woven; the advice has the adapter load the connection classes, so they
 * are woven before the server accepts anything.
 */
public final class VertxServerInstrumentation implements ServerInstrumentation {
    static final String TARGET = "io.vertx.core.http.impl.HttpServerImpl";

    @Override
    public String hook() { return "vertx"; }

    @Override
    public Set<String> targetClassNames() { return Collections.singleton(TARGET); }

    @Override
    public TargetMethod methods() {
        return TargetMethod.named("listen").takesArguments(1).takesArgument(0, "io.vertx.core.net.SocketAddress");
    }

    @Override
    public String adviceClass() { return ListenAdvice.class.getName(); }

    @Override
    public String adapterClass() { return "dev.meshguard.hooks.vertx.VertxAdapter"; }

    /** Inlined into the server: tells the adapter a server is starting. Nothing to refuse here. */
    public static final class ListenAdvice {
        private ListenAdvice() {
        }

        @Advice.OnMethodEnter
        public static void enter(@Advice.This Object server) {
            Bridge.dispatch("vertx", server, null, null);
        }
    }
}
