package dev.meshguard.agent;

import dev.meshguard.hooks.Advice;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.hooks.TargetMethod;

import java.util.Collections;
import java.util.Set;

/**
 * What {@link Weaver#rehearse()} weaves at start-up: a method and an advice shaped like a hook's (an exit advice that
 * reads an argument and may change the boolean result). The woven class is thrown away; only the rehearsal's tests
 * ever run it.
 */
final class Rehearsal implements ServerInstrumentation {
    @Override
    public String hook() { return "rehearsal"; }

    @Override
    public Set<String> targetClassNames() { return Collections.singleton(Target.class.getName()); }

    @Override
    public TargetMethod methods() { return TargetMethod.named("handle"); }

    @Override
    public String adviceClass() { return Exit.class.getName(); }

    @Override
    public String adapterClass() { return Target.class.getName(); }

    /** The stand-in for a server's class. */
    static final class Target {
        private Target() {
        }

        static boolean handle(Object request, Object response) {
            return request != response;
        }
    }

    /** The advice: a null request turns the result to false. */
    static final class Exit {
        private Exit() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Argument(0) Object request, @Advice.Return(readOnly = false) boolean proceed) {
            if (proceed) {
                proceed = request != null;
            }
        }
    }
}
