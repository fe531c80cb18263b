package dev.meshguard.hooks.undertow;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.hooks.Advice;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.hooks.TargetMethod;

import java.util.Collections;
import java.util.Set;

/** Weaves {@code Connectors.executeRootHandler}: the root handler of a refused exchange is replaced by the answer. */
public final class UndertowInstrumentation implements ServerInstrumentation {
    static final String TARGET = "io.undertow.server.Connectors";

    @Override
    public String hook() { return "undertow"; }

    @Override
    public Set<String> targetClassNames() { return Collections.singleton(TARGET); }

    @Override
    public TargetMethod methods() {
        return TargetMethod.named("executeRootHandler").isStatic().takesArguments(2);
    }

    @Override
    public String adviceClass() { return RootHandlerAdvice.class.getName(); }

    @Override
    public String adapterClass() { return "dev.meshguard.hooks.undertow.UndertowAdapter"; }

    /** Inlined into Connectors: ask Meshguard, and run the answer instead of the application when refused. */
    public static final class RootHandlerAdvice {
        private RootHandlerAdvice() {
        }

        @Advice.OnMethodEnter
        public static void enter(@Advice.Argument(value = 0, readOnly = false) io.undertow.server.HttpHandler handler,
                                 @Advice.Argument(1) Object exchange) {
            Object outcome = Bridge.dispatch("undertow", exchange, null, handler);
            if (outcome instanceof io.undertow.server.HttpHandler) {
                handler = (io.undertow.server.HttpHandler) outcome;
            } else if (outcome == Bridge.FAILED) {
                handler = new io.undertow.server.handlers.ResponseCodeHandler(503);
            }
        }
    }
}
