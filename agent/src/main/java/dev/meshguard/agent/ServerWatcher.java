package dev.meshguard.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.Set;

/**
 * The only thing the agent installs at start-up: a JDK transformer that looks at class names and does nothing else
 * until a server class it knows is loaded. Then it activates the agent (engine, {@link Weaver}) and returns that very
 * class as the weaver wove it; the weaver then weaves the classes that load later. In a JVM that serves no HTTP (a
 * build tool, {@code jcmd}), this is all the agent ever does.
 */
final class ServerWatcher implements ClassFileTransformer {

    /** Called once, on the first server class seen; returns a changed class file, or null for none. */
    interface Activation {
        byte[] activate(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes)
                throws Exception;
    }

    private final Set<String> targets;
    private final Activation activation;
    private final Runnable noServerWarning;
    private final long warnAfterNanos;
    private volatile boolean active;
    private volatile boolean warned;

    /**
     * @param targets         internal names ({@code org/apache/catalina/connector/CoyoteAdapter}) of the woven classes
     * @param noServerWarning run once when a class loads {@code warnAfter} after start-up and no server was seen; null for never
     */
    ServerWatcher(Set<String> targets, Activation activation, Runnable noServerWarning, Duration warnAfter) {
        this.targets = targets;
        this.activation = activation;
        this.noServerWarning = noServerWarning;
        this.warned = noServerWarning == null;
        this.warnAfterNanos = System.nanoTime() + warnAfter.toNanos();
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                            byte[] bytes) {
        if (active || className == null) {
            return null;
        }
        if (!targets.contains(className)) {
            if (!warned && System.nanoTime() - warnAfterNanos > 0) {
                warnOnce();
            }
            return null;
        }
        synchronized (this) {
            if (active) {
                return null;
            }
            active = true;
        }
        try {
            return activation.activate(loader, className, redefined, domain, bytes);
        } catch (Throwable t) {
            System.err.println("[meshguard] activation failed for " + className + ": " + t);
            t.printStackTrace();
            return null;
        }
    }

    private synchronized void warnOnce() {
        if (!warned) {
            warned = true;
            noServerWarning.run();
        }
    }
}
