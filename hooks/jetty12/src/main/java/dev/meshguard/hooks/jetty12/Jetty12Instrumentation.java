package dev.meshguard.hooks.jetty12;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.hooks.Advice;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.hooks.TargetMethod;

import java.util.Collections;
import java.util.Set;

/** Weaves Jetty 12's {@code Server.handle(Request, Response, Callback)}. */
public final class Jetty12Instrumentation implements ServerInstrumentation {
    static final String TARGET = "org.eclipse.jetty.server.Server";

    @Override
    public String hook() { return "jetty12"; }

    @Override
    public Set<String> targetClassNames() { return Collections.singleton(TARGET); }

    @Override
    public TargetMethod methods() {
        return TargetMethod.named("handle").takesArguments(3)
                .takesArgument(0, "org.eclipse.jetty.server.Request");
    }

    @Override
    public String adviceClass() { return HandleAdvice.class.getName(); }

    @Override
    public String adapterClass() { return "dev.meshguard.hooks.jetty12.Jetty12Adapter"; }

    /** Inlined into Server: ask Meshguard; go on (maybe with a wrapper), or skip the server's handling when answered. */
    public static final class HandleAdvice {
        private HandleAdvice() {
        }

        @Advice.OnMethodEnter(skipOnTrue = true, skippedReturnsTrue = true)
        public static boolean enter(@Advice.Argument(value = 0, readOnly = false) org.eclipse.jetty.server.Request request,
                                    @Advice.Argument(1) org.eclipse.jetty.server.Response response,
                                    @Advice.Argument(2) org.eclipse.jetty.util.Callback callback) {
            Object outcome = Bridge.dispatch("jetty12", request, response, callback);
            if (outcome == Bridge.CONTINUE) {
                return false;
            }
            if (outcome instanceof org.eclipse.jetty.server.Request) {
                request = (org.eclipse.jetty.server.Request) outcome;
                return false;
            }
            if (outcome == Bridge.FAILED) {
                org.eclipse.jetty.server.Response.writeError(request, response, callback, 503);
            }
            return true;
        }
    }
}
