package dev.meshguard.hooks.vertx;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Finds the Vert.x internals a hook calls, which moved between packages from 4.x to 5.0. Static helpers only. */
final class VertxInternals {
    private VertxInternals() {
    }

    /**
     * The public method {@code name} of the first of {@code owners} that {@code loader} sees and that has it (static or
     * virtual); null when none has.
     */
    static MethodHandle find(ClassLoader loader, String[] owners, String name, MethodType type, boolean isStatic) {
        for (String owner : owners) {
            try {
                Class<?> c = Class.forName(owner, false, loader);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                return isStatic ? lookup.findStatic(c, name, type) : lookup.findVirtual(c, name, type);
            } catch (ReflectiveOperationException | LinkageError notThisVersion) {
                // try the next
            }
        }
        return null;
    }

    /** What a found method threw, to rethrow: unchecked as it was, a checked one wrapped. */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof Error) {
            throw (Error) t;
        }
        return t instanceof RuntimeException ? (RuntimeException) t : new IllegalStateException(t);
    }
}
