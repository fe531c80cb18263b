package dev.meshguard.cli;

import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * {@code attach <pid> [agent arguments]}: loads the agent into a running JVM through the JDK's attach API (needs a
 * JDK, not a JRE). The target then instruments its already loaded server classes and logs its start-up line.
 */
final class AttachCommand {
    private AttachCommand() {
    }

    static int run(Arguments args, String agentJar, PrintStream out, PrintStream err) throws Exception {
        String pid = args.positional(0, "<pid>");
        String agentArgs = args.positionalOrNull(1);
        args.requireConsumed();
        Class<?> vmClass;
        try {
            vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
        } catch (ClassNotFoundException e) {
            err.println("error: attaching needs a JDK (the jdk.attach module); this Java has none");
            return 2;
        }
        Object vm = vmClass.getMethod("attach", String.class).invoke(null, pid);
        try {
            Method load = vmClass.getMethod("loadAgent", String.class, String.class);
            load.invoke(vm, agentJar, agentArgs);
        } finally {
            vmClass.getMethod("detach").invoke(vm);
        }
        out.println("Meshguard attached to " + pid + "; its log shows what it protects");
        return 0;
    }
}
