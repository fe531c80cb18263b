package dev.meshguard.hooks;

import java.util.Set;

/**
 * One server line's instrumentation: which class to weave, which of its methods get which advice, and which adapter
 * decides the request. The advice calls {@code Bridge.dispatch(hook(), ...)}; the agent then loads
 * {@link #adapterClass()} next to the server's classes (a class loader whose parent is the server's) and calls it.
 * Every class in the adapter's package except this one may be loaded there, so they may use the server's types.
 */
public interface ServerInstrumentation {

    /** The hook key passed to {@code Bridge.dispatch}, also used in logs, e.g. {@code tomcat}. */
    String hook();

    /** The exact class names this instrumentation weaves. */
    Set<String> targetClassNames();

    /** The methods of a target class that get the advice; a target class with none of them is left as it is. */
    TargetMethod methods();

    /**
     * The advice class's name. It is read from its class file and inlined, never loaded by the agent, so it may name
     * the server's types.
     */
    String adviceClass();

    /** The fully qualified name of the {@code ServerAdapter} implementation for this hook. */
    String adapterClass();

    /**
     * The package prefix whose classes the agent loads next to the server's for this hook: the adapter's package by
     * default; a broader one lets hooks of frameworks on one library share that library's classes.
     */
    default String adapterPackage() {
        return adapterClass().substring(0, adapterClass().lastIndexOf('.') + 1);
    }

    /**
     * False for a target class that clients load too (Netty's pipeline): it is woven as it loads, and its advice
     * activates the agent only when a server needs it. True (the default) when loading the target means a server.
     */
    default boolean activates() {
        return true;
    }
}
