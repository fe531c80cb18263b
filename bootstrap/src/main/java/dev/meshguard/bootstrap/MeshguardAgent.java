package dev.meshguard.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.jar.JarFile;

/**
 * The agent jar's entry points: {@code premain} ({@code -javaagent}, {@code JAVA_TOOL_OPTIONS}), {@code agentmain}
 * (attach to a running JVM) and {@code main} (the command-line tools). The jar is on the boot class path for the
 * bridge (the manifest's {@code Boot-Class-Path}, applied before the JVM starts, keeps class data sharing intact);
 * this class then hands over to the agent inside its isolated {@link AgentClassLoader}. JDK types only.
 */
public final class MeshguardAgent {
    private static final String STARTER = "dev.meshguard.agent.AgentStarter";
    private static final String CLI = "dev.meshguard.cli.Main";
    private static volatile AgentClassLoader loader;

    private MeshguardAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static synchronized void start(String args, Instrumentation inst, boolean attached) {
        try {
            if (loader != null) {
                System.err.println("[meshguard] the agent is already running in this JVM; ignored");
                return;
            }
            File jarFile = agentJar();
            JarFile jar = new JarFile(jarFile);
            if (MeshguardAgent.class.getClassLoader() != null) {
                // The manifest's Boot-Class-Path names the jar as shipped; a renamed jar is added here instead, which
                // the JVM only allows now, at the price of class data sharing for non-JDK classes (it warns so).
                inst.appendToBootstrapClassLoaderSearch(jar);
            }
            loader = AgentClassLoader.forAgent(jar, jarFile.toURI().toURL());
            Class<?> starter = loader.loadClass(STARTER);
            Method m = starter.getMethod("start", String.class, Instrumentation.class, boolean.class, AgentClassLoader.class);
            m.invoke(null, args, inst, attached, loader);
        } catch (Throwable t) {
            System.err.println("[meshguard] the agent could not start and protects nothing: " + t);
            t.printStackTrace();
        }
    }

    /** {@code java -jar meshguard-agent.jar <command> ...}: validate, check, attach. */
    public static void main(String[] args) throws Exception {
        File jarFile = agentJar();
        JarFile jar = new JarFile(jarFile);
        AgentClassLoader cli = AgentClassLoader.forTools(jar, jarFile.toURI().toURL());
        Method m = cli.loadClass(CLI).getMethod("run", String[].class, String.class);
        int status = (Integer) m.invoke(null, args, jarFile.getAbsolutePath());
        System.exit(status);
    }

    /** The jar this class came from; found through its resource URL, which the boot class loader also gives. */
    private static File agentJar() throws Exception {
        String self = String.valueOf(MeshguardAgent.class.getResource("MeshguardAgent.class"));
        int end = self.indexOf("!/");
        if (!self.startsWith("jar:") || end < 0) {
            throw new IllegalStateException("Meshguard must run from its jar, not from " + self);
        }
        return new File(new URI(self.substring("jar:".length(), end)));
    }
}
