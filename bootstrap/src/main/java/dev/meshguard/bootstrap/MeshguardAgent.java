package dev.meshguard.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.jar.JarFile;

/**
 * The agent jar's entry points: {@code premain} ({@code -javaagent}, {@code JAVA_TOOL_OPTIONS}), {@code agentmain}
 * (attach to a running JVM) and {@code main} (the command-line tools). It puts the jar on the boot class path for the
 * bridge, then hands over to the agent inside its isolated {@link AgentClassLoader}. JDK types only.
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
            inst.appendToBootstrapClassLoaderSearch(jar);
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

    private static File agentJar() throws Exception {
        URL location = MeshguardAgent.class.getProtectionDomain().getCodeSource().getLocation();
        return new File(location.toURI());
    }
}
