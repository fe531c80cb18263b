package dev.meshguard.agent;

import dev.meshguard.bootstrap.AgentClassLoader;
import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.config.AgentConfig;
import dev.meshguard.config.Mode;
import dev.meshguard.config.Setting;
import dev.meshguard.engine.Engine;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.log.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Starts the agent inside its isolated class loader. At {@code premain} it only reads the settings and installs the
 * {@link ServerWatcher}; the engine and the {@link Weaver} start when the first supported server class loads (or at once
 * when attached to a running JVM, where the server classes are already loaded).
 */
public final class AgentStarter {
    private static final Logger LOG = Logger.get(AgentStarter.class);
    static final String VERSION = "0.1.0";

    private AgentStarter() {
    }

    /** Called by {@code MeshguardAgent} through reflection. */
    public static void start(String args, final Instrumentation inst, boolean attached, final AgentClassLoader loader) {
        final AgentConfig config = AgentConfig.resolve(args);
        Logger.configure(Logger.parseLevel(config.value(Setting.LOG_LEVEL)), "json".equalsIgnoreCase(config.value(Setting.LOG_FORMAT)));
        if (config.mode() == Mode.OFF && config.errors().isEmpty()) {
            LOG.info("Meshguard {} is off (MESHGUARD_MODE=off): nothing is instrumented", VERSION);
            return;
        }
        final List<ServerInstrumentation> hooks = hooks(AgentStarter.class.getClassLoader());
        // At start-up the watcher, which weaves through the weaver, is a transformer that cannot retransform: the JVM
        // runs those before every retransforming one, which is what APM agents register (OpenTelemetry, Datadog), so
        // their advice wraps Meshguard's and they see the requests Meshguard answers.
        final Weaver weaver = new Weaver(hooks, AgentStarter.class.getClassLoader());
        ServerWatcher.Activation activation = trigger -> activate(config, inst, hooks, weaver, loader, trigger);
        if (attached) {
            activate(config, inst, hooks, weaver, loader, "attach");
        } else {
            Runnable warning = !config.policyPathExplicit() ? null : () -> LOG.warn(
                    "policies are configured ({}) but no supported server (Tomcat 9-11, Jetty 9.4-12, Undertow 2.2-2.3,"
                    + " Reactor Netty 1.2-1.3, Vert.x 4.5-5.0, Micronaut 4, Netty 4.1-4.2)"
                    + " has started in this JVM within {}: nothing is protected", config.policyPath(), config.value(Setting.SERVER_WAIT));
            ServerWatcher watcher = new ServerWatcher(weaver.targets(), passiveTargets(hooks), activation, weaver, warning,
                    config.serverWait());
            Bridge.activator(() -> watcher.activateNow("netty"));
            inst.addTransformer(watcher, false);
            WarmUp.begin(config, weaver);
        }
    }

    /** Internal names of the classes woven as they load without activating the agent. */
    private static Set<String> passiveTargets(List<ServerInstrumentation> hooks) {
        Set<String> out = new HashSet<>();
        for (ServerInstrumentation h : hooks) {
            if (!h.activates()) {
                for (String name : h.targetClassNames()) {
                    out.add(name.replace('.', '/'));
                }
            }
        }
        return out;
    }

    /**
     * The server lines packaged in the agent, one {@link ServerInstrumentation} each, named in the service file. The
     * agent's loader holds one merged file and reads it straight from its jar: {@code ServiceLoader} would open the jar
     * a second time through a {@code jar:} URL connection, on {@code premain}'s thread.
     */
    static List<ServerInstrumentation> hooks(ClassLoader agentLoader) {
        String file = "META-INF/services/" + ServerInstrumentation.class.getName();
        Set<String> names = new LinkedHashSet<>();
        List<ServerInstrumentation> hooks = new ArrayList<>();
        try {
            if (agentLoader instanceof AgentClassLoader) {
                readNames(agentLoader.getResourceAsStream(file), names);
            } else {
                for (Enumeration<URL> urls = agentLoader.getResources(file); urls.hasMoreElements(); ) {
                    readNames(urls.nextElement().openStream(), names);
                }
            }
            for (String name : names) {
                Class<?> hook = Class.forName(name, true, agentLoader);
                hooks.add(hook.asSubclass(ServerInstrumentation.class).getDeclaredConstructor().newInstance());
            }
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the agent's list of server hooks", e);
        }
        return hooks;
    }

    /** Adds the class names of one service file: a name a line, {@code #} starting a comment. */
    private static void readNames(InputStream in, Set<String> names) throws IOException {
        if (in == null) {
            throw new IOException("no list of server hooks in the agent");
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                int comment = line.indexOf('#');
                String name = (comment < 0 ? line : line.substring(0, comment)).trim();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
    }

    private static void activate(AgentConfig config, Instrumentation inst, List<ServerInstrumentation> hooks,
                                 Weaver weaver, AgentClassLoader loader, String trigger) {
        Engine engine = Engine.start(config);
        Bridge.install(new HookDispatcher(engine, hooks, loader));
        boolean attached = "attach".equals(trigger);
        if (attached) {
            inst.addTransformer(weaver, true);
            retransformLoaded(inst, weaver);
        }
        LOG.info("Meshguard {} {} on {} (Java {}): {}", VERSION,
                config.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'), trigger,
                System.getProperty("java.version"), engine.describe());
    }

    /** After an attach the server classes are already loaded: weave them now, each on its own. */
    private static void retransformLoaded(Instrumentation inst, Weaver weaver) {
        Set<String> targets = weaver.targets();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (targets.contains(c.getName().replace('.', '/')) && inst.isModifiableClass(c)) {
                try {
                    inst.retransformClasses(c);
                } catch (Throwable t) {
                    LOG.error("cannot hook the loaded {}; requests through it are not checked", c.getName(), t);
                }
            }
        }
    }
}
