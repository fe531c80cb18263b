package dev.meshguard.hooks.jetty12;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.hooks.ServerInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.Collections;
import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/** Weaves Jetty 12's {@code Server.handle(Request, Response, Callback)}. */
public final class Jetty12Instrumentation implements ServerInstrumentation {
    static final String TARGET = "org.eclipse.jetty.server.Server";

    @Override
    public String hook() { return "jetty12"; }

    @Override
    public Set<String> targetClassNames() { return Collections.singleton(TARGET); }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return named("handle").and(takesArguments(3))
                .and(takesArgument(0, named("org.eclipse.jetty.server.Request")));
    }

    @Override
    public String adviceClass() { return HandleAdvice.class.getName(); }

    @Override
    public String adapterClass() { return "dev.meshguard.hooks.jetty12.Jetty12Adapter"; }

    /** Inlined into Server: ask Meshguard; go on (maybe with a wrapper), or skip the server's handling when answered. */
    public static final class HandleAdvice {
        private HandleAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
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

        @Advice.OnMethodExit
        public static void exit(@Advice.Enter boolean answered, @Advice.Return(readOnly = false) boolean handled) {
            if (answered) {
                handled = true;
            }
        }
    }
}
