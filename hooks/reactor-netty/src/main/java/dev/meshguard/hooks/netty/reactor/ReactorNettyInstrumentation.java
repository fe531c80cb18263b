package dev.meshguard.hooks.netty.reactor;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.hooks.Advice;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.hooks.TargetMethod;

import java.util.Collections;
import java.util.Set;

/**
 * Weaves {@code HttpServer$HttpServerHandle.onStateChange(Connection, State)} (the same in Reactor Netty 1.2 and 1.3),
 * which calls the server's handler for each request of every protocol (HTTP/1.1, h2c, h2) when the request reaches
 * state {@code REQUEST_RECEIVED}. Its key, {@code reactor-netty}, is the one the plain Netty hook looks for before
 * standing aside for Reactor's pipelines.
 */
public final class ReactorNettyInstrumentation implements ServerInstrumentation {
    static final String TARGET = "reactor.netty.http.server.HttpServer$HttpServerHandle";

    @Override
    public String hook() { return "reactor-netty"; }

    @Override
    public Set<String> targetClassNames() { return Collections.singleton(TARGET); }

    @Override
    public TargetMethod methods() {
        return TargetMethod.named("onStateChange").takesArguments(2)
                .takesArgument(0, "reactor.netty.Connection")
                .takesArgument(1, "reactor.netty.ConnectionObserver$State");
    }

    @Override
    public String adviceClass() { return StateChangeAdvice.class.getName(); }

    @Override
    public String adapterClass() { return "dev.meshguard.hooks.netty.reactor.ReactorNettyAdapter"; }

    /** The adapter uses the netty hook's request view, connection reader and header changes, loaded beside it. */
    @Override
    public String adapterPackage() { return "dev.meshguard.hooks.netty."; }

    /**
     * Inlined into the handle: for a received request, ask Meshguard, and skip the handler when it answered or holds the
     * request. When no decision could be made, answer 503 here; if even that fails, close the connection.
     */
    public static final class StateChangeAdvice {
        private StateChangeAdvice() {
        }

        @Advice.OnMethodEnter(skipOnTrue = true)
        public static boolean enter(@Advice.This Object handle, @Advice.Argument(0) Object connection,
                                    @Advice.Argument(1) Object state) {
            if (state != reactor.netty.http.server.HttpServerState.REQUEST_RECEIVED) {
                return false;
            }
            Object outcome = Bridge.dispatch("reactor-netty", connection, handle, null);
            if (outcome == Bridge.CONTINUE) {
                return false;
            }
            if (outcome == Bridge.FAILED) {
                try {
                    ((reactor.netty.http.server.HttpServerResponse) connection).status(503).header("content-length", "0")
                            .send().subscribe(((reactor.netty.channel.ChannelOperations<?, ?>) connection).disposeSubscriber());
                } catch (Throwable t) {
                    ((reactor.netty.Connection) connection).channel().close();
                }
            }
            return true;
        }
    }
}
