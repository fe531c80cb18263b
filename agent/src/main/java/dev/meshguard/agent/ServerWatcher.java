package dev.meshguard.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.Set;

/**
 * The only thing the agent installs at start-up: a JDK transformer that looks at class names and does nothing else
 * until a server class it knows is loaded. Then it activates the agent (engine, dispatcher) and has the {@link Weaver}
 * weave that class, and every target class that loads later. In a JVM that serves no HTTP (a build tool,
 * {@code jcmd}), this is all the agent ever does.
 *
 * <p>A passive target (Netty's {@code DefaultChannelPipeline}, which every Netty client loads too) is woven as it loads
 * without activating anything; its advice activates the agent on demand ({@link #activateNow}) when a server's HTTP
 * codec first joins a pipeline.
 */
final class ServerWatcher implements ClassFileTransformer {

    /** Starts the agent once; {@code trigger} names what started it, for the log. */
    interface Activation {
        void start(String trigger) throws Exception;
    }

    private final Set<String> targets;
    private final Set<String> passive;
    private final Activation activation;
    private final ClassFileTransformer weaver;
    private final Runnable noServerWarning;
    private final long warnAfterNanos;
    private final Object starting = new Object();
    private volatile boolean active;
    private volatile boolean warned;

    /**
     * @param targets         internal names ({@code org/apache/catalina/connector/CoyoteAdapter}) of the woven classes
     * @param passive         those of them that are woven without activating the agent
     * @param weaver          weaves a target class
     * @param noServerWarning run once when a class loads {@code warnAfter} after start-up and no server was seen; null for never
     */
    ServerWatcher(Set<String> targets, Set<String> passive, Activation activation, ClassFileTransformer weaver,
                  Runnable noServerWarning, Duration warnAfter) {
        this.targets = targets;
        this.passive = passive;
        this.activation = activation;
        this.weaver = weaver;
        this.noServerWarning = noServerWarning;
        this.warned = noServerWarning == null;
        this.warnAfterNanos = System.nanoTime() + warnAfter.toNanos();
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                            byte[] bytes) throws java.lang.instrument.IllegalClassFormatException {
        if (className == null || !targets.contains(className)) {
            if (!warned && !active && System.nanoTime() - warnAfterNanos > 0) {
                warnOnce();
            }
            return null;
        }
        if (!active && !passive.contains(className)) {
            activateNow(className.replace('/', '.'));
        }
        // Woven even if the activation failed: the advice then finds no engine and refuses the request (503).
        return weaver.transform(loader, className, redefined, domain, bytes);
    }

    /** Activates the agent unless it is active already; returns true when this call did. Never throws. */
    boolean activateNow(String trigger) {
        // Held through the activation, so a caller that arrives meanwhile returns only once the agent is ready.
        synchronized (starting) {
            if (active) {
                return false;
            }
            active = true;
            try {
                activation.start(trigger);
                return true;
            } catch (Throwable t) {
                System.err.println("[meshguard] activation failed for " + trigger + ": " + t);
                t.printStackTrace();
                return false;
            }
        }
    }

    private synchronized void warnOnce() {
        if (!warned) {
            warned = true;
            noServerWarning.run();
        }
    }
}
