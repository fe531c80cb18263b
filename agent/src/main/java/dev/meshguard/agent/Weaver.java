package dev.meshguard.agent;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.log.Logger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inlines each hook's advice into its target class as the class loads (or is retransformed after an attach), with
 * {@link AdviceInliner} over the ASM that Byte Buddy embeds: Byte Buddy's own {@code Advice} and type pool would load
 * some 550 classes and cost a server about 200 ms of start-up. The advice changes method bodies only, so the class's
 * shape stays the same and retransformation is allowed. A class it cannot weave is left unchanged and the error
 * logged: requests through it are not checked, which the log says.
 */
final class Weaver implements ClassFileTransformer {
    private static final Logger LOG = Logger.get(Weaver.class);

    private final Map<String, List<ServerInstrumentation>> byTarget = new HashMap<>();
    private final ClassLoader agentLoader;
    private final Map<String, List<AdviceMethod>> adviceByClass = new ConcurrentHashMap<>();

    Weaver(List<ServerInstrumentation> hooks, ClassLoader agentLoader) {
        this.agentLoader = agentLoader;
        for (ServerInstrumentation h : hooks) {
            for (String name : h.targetClassNames()) {
                String internal = name.replace('.', '/');
                List<ServerInstrumentation> list = byTarget.get(internal);
                if (list == null) {
                    list = new ArrayList<>();
                    byTarget.put(internal, list);
                }
                list.add(h);
            }
        }
    }

    /** Internal names ({@code org/apache/catalina/connector/CoyoteAdapter}) of the classes this weaver changes. */
    java.util.Set<String> targets() {
        return Collections.unmodifiableSet(byTarget.keySet());
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                            byte[] bytes) {
        List<ServerInstrumentation> hooks = className == null ? null : byTarget.get(className);
        if (hooks == null) {
            return null;
        }
        String name = className.replace('/', '.');
        try {
            byte[] woven = inline(name, bytes, loader, hooks, true);
            if (woven == null) {
                LOG.warn("{} has no method Meshguard knows how to hook: requests through it are not checked", name);
            }
            return woven;
        } catch (Throwable t) {
            LOG.error("cannot hook {}; requests through it are not checked", name, t);
            return null;
        }
    }

    /**
     * Weaves a class of the agent's own with an advice shaped like the hooks' and returns the result, which
     * {@link WarmUp} throws away: it loads the classes weaving needs ahead of the first server class.
     */
    byte[] rehearse() throws IOException {
        String name = Rehearsal.Target.class.getName();
        return inline(name, classFile(name), agentLoader, Collections.<ServerInstrumentation>singletonList(new Rehearsal()),
                false);
    }

    private byte[] inline(String name, byte[] bytes, ClassLoader loader, List<ServerInstrumentation> hooks,
                          boolean announce) throws IOException {
        List<AdviceInliner.Binding> bindings = new ArrayList<>();
        for (ServerInstrumentation h : hooks) {
            bindings.add(new AdviceInliner.Binding(h.hook(), h.methods(), advice(h.adviceClass())));
        }
        List<AdviceInliner.Binding> used = new ArrayList<>();
        byte[] woven = AdviceInliner.inline(bytes, bindings, used);
        if (woven != null && announce) {
            List<String> names = new ArrayList<>();
            for (AdviceInliner.Binding b : used) {
                Bridge.woven(b.hook);
                names.add(b.hook);
            }
            LOG.info("hooked {} ({})", name, String.join(", ", names));
        }
        return woven;
    }

    private List<AdviceMethod> advice(String adviceClass) throws IOException {
        List<AdviceMethod> advice = adviceByClass.get(adviceClass);
        if (advice == null) {
            advice = AdviceMethod.read(classFile(adviceClass));
            adviceByClass.put(adviceClass, advice);
        }
        return advice;
    }

    private byte[] classFile(String className) throws IOException {
        InputStream in = agentLoader.getResourceAsStream(className.replace('.', '/') + ".class");
        if (in == null) {
            throw new IOException("no class file for " + className);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            in.close();
        }
    }
}
