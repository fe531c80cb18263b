package dev.meshguard.hooks.jetty9;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.hooks.Advice;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.hooks.TargetMethod;

import java.util.Collections;
import java.util.Set;

/**
 * Weaves the server's first handler call in Jetty 9.4 to 11: {@code HandlerWrapper.handle(String, Request,
 * HttpServletRequest, HttpServletResponse)} when called on the {@code Server} itself, which {@code Server.handle}
 * does for every request once it is parsed and its path canonicalised, before any other handler. APM agents
 * (OpenTelemetry's Jetty instrumentation) start their server span in this same method, so it also sees the requests
 * Meshguard answers.
 */
public final class Jetty9Instrumentation implements ServerInstrumentation {
    static final String TARGET = "org.eclipse.jetty.server.handler.HandlerWrapper";

    @Override
    public String hook() { return "jetty9"; }

    @Override
    public Set<String> targetClassNames() { return Collections.singleton(TARGET); }

    @Override
    public TargetMethod methods() {
        return TargetMethod.named("handle").takesArguments(4)
                .takesArgument(0, "java.lang.String")
                .takesArgument(1, "org.eclipse.jetty.server.Request");
    }

    @Override
    public String adviceClass() { return HandleAdvice.class.getName(); }

    @Override
    public String adapterClass() { return "dev.meshguard.hooks.jetty9.Jetty9Adapter"; }

    /** Inlined into HandlerWrapper: on the Server, ask Meshguard, and skip the handlers when the request was answered. */
    public static final class HandleAdvice {
        private HandleAdvice() {
        }

        @Advice.OnMethodEnter(skipOnTrue = true)
        public static boolean enter(@Advice.This Object self,
                                    @Advice.Argument(1) org.eclipse.jetty.server.Request request) throws Exception {
            if (!(self instanceof org.eclipse.jetty.server.Server)) {
                return false;
            }
            Object outcome = Bridge.dispatch("jetty9", request, null, null);
            if (outcome == Bridge.CONTINUE) {
                return false;
            }
            if (outcome == Bridge.FAILED) {
                request.getResponse().sendError(503);
                request.setHandled(true);
            }
            return true;
        }
    }
}
