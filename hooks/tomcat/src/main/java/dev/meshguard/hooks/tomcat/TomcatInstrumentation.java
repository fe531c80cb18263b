package dev.meshguard.hooks.tomcat;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.hooks.Advice;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.hooks.TargetMethod;

import java.util.Collections;
import java.util.Set;

/** Weaves {@code CoyoteAdapter.postParseRequest}: a request it accepts is decided before Tomcat routes it. */
public final class TomcatInstrumentation implements ServerInstrumentation {
    static final String TARGET = "org.apache.catalina.connector.CoyoteAdapter";

    @Override
    public String hook() { return "tomcat"; }

    @Override
    public Set<String> targetClassNames() { return Collections.singleton(TARGET); }

    @Override
    public TargetMethod methods() {
        return TargetMethod.named("postParseRequest").takesArguments(4);
    }

    @Override
    public String adviceClass() { return PostParseAdvice.class.getName(); }

    @Override
    public String adapterClass() { return "dev.meshguard.hooks.tomcat.TomcatAdapter"; }

    /** Inlined into CoyoteAdapter: after a successful parse, ask Meshguard; a refused request never reaches the pipeline. */
    public static final class PostParseAdvice {
        private PostParseAdvice() {
        }

        @Advice.OnMethodExit
        public static void exit(@Advice.Argument(1) Object request, @Advice.Argument(3) Object response,
                                @Advice.Return(readOnly = false) boolean proceed) {
            if (!proceed) {
                return;
            }
            Object outcome = Bridge.dispatch("tomcat", request, response, null);
            if (outcome == Bridge.CONTINUE) {
                return;
            }
            if (outcome == Bridge.FAILED) {
                ((org.apache.catalina.connector.Response) response).setStatus(503);
            }
            proceed = false;
        }
    }
}
