package dev.meshguard.hooks.jetty9;

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

/** Weaves {@code Server.handle(HttpChannel)} of Jetty 9.4 to 11. */
public final class Jetty9Instrumentation implements ServerInstrumentation {
    static final String TARGET = "org.eclipse.jetty.server.Server";

    @Override
    public String hook() { return "jetty9"; }

    @Override
    public Set<String> targetClassNames() { return Collections.singleton(TARGET); }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return named("handle").and(takesArguments(1))
                .and(takesArgument(0, named("org.eclipse.jetty.server.HttpChannel")));
    }

    @Override
    public String adviceClass() { return HandleAdvice.class.getName(); }

    @Override
    public String adapterClass() { return "dev.meshguard.hooks.jetty9.Jetty9Adapter"; }

    /** Inlined into Server: ask Meshguard, and skip the server's handling when the request was answered. */
    public static final class HandleAdvice {
        private HandleAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        public static boolean enter(@Advice.Argument(0) org.eclipse.jetty.server.HttpChannel channel) throws Exception {
            Object outcome = Bridge.dispatch("jetty9", channel, null, null);
            if (outcome == Bridge.CONTINUE) {
                return false;
            }
            if (outcome == Bridge.FAILED) {
                channel.getResponse().sendError(503);
                channel.getRequest().setHandled(true);
            }
            return true;
        }
    }
}
