package dev.meshguard.hooks;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Advice described from class files rather than loaded classes: an advice class may name server types (Jetty's
 * {@code Request}), which the agent's own class loader cannot see, so it is read with the agent's and the server's
 * class files together and never loaded by the agent.
 */
public final class Advices {

    private Advices() {
    }

    /**
     * @param adviceClass  the advice class's name, in the agent jar
     * @param agentLoader  the loader of the instrumentation (finds the advice's class file)
     * @param serverLoader the loader of the woven server class (finds the server types it names)
     */
    public static Advice of(String adviceClass, ClassLoader agentLoader, ClassLoader serverLoader) {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.ForClassLoader.of(agentLoader), ClassFileLocator.ForClassLoader.of(serverLoader));
        return Advice.to(TypePool.Default.of(locator).describe(adviceClass).resolve(), locator);
    }
}
