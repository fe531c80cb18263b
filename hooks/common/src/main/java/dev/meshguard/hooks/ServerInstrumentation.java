package dev.meshguard.hooks;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One server line's instrumentation: which class to weave, with which advice, and which adapter decides the
 * request. The advice calls {@code Bridge.dispatch(hook(), ...)}; the agent then loads {@link #adapterClass()}
 * next to the server's classes (a class loader whose parent is the server's) and calls it.
 * Every class in the adapter's package except this one may be loaded there, so they may use the server's types.
 */
public interface ServerInstrumentation {

    /** The hook key passed to {@code Bridge.dispatch}, also used in logs, e.g. {@code tomcat}. */
    String hook();

    /** The exact class names this instrumentation weaves: a cheap pre-filter before Byte Buddy is involved. */
    java.util.Set<String> targetClassNames();

    /** The types to weave (normally {@code named(...)} of {@link #targetClassNames()}). */
    ElementMatcher<TypeDescription> typeMatcher();

    /** Applies the advice to a matched type. */
    AgentBuilder.Transformer transformer();

    /** The fully qualified name of the {@code ServerAdapter} implementation for this hook. */
    String adapterClass();
}
