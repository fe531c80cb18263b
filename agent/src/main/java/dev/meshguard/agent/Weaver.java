package dev.meshguard.agent;

import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.log.Logger;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inlines each hook's advice into its target class as the class loads (or is retransformed after an attach). It
 * drives Byte Buddy's {@link Advice} over ASM directly rather than through {@code AgentBuilder}, whose set-up alone
 * costs a server a few hundred milliseconds of start-up; the advice changes method bodies only, so the class's shape
 * stays the same and retransformation is allowed. A class it cannot weave is left unchanged and the error logged:
 * requests through it are not checked, which the log says.
 */
final class Weaver implements ClassFileTransformer {
    private static final Logger LOG = Logger.get(Weaver.class);

    private final Map<String, List<ServerInstrumentation>> byTarget = new HashMap<>();
    private final ClassLoader agentLoader;

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
    byte[] rehearse() throws java.io.IOException {
        String name = Rehearsal.Target.class.getName();
        byte[] bytes = ClassFileLocator.ForClassLoader.of(agentLoader).locate(name).resolve();
        return inline(name, bytes, agentLoader, Collections.<ServerInstrumentation>singletonList(new Rehearsal()), false);
    }

    private byte[] inline(String name, byte[] bytes, ClassLoader loader, List<ServerInstrumentation> hooks,
                          boolean announce) {
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                ClassFileLocator.ForClassLoader.of(agentLoader),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = TypePool.Default.of(locator);
        TypeDescription type = pool.describe(name).resolve();
        MethodList<MethodDescription.InDefinedShape> methods = type.getDeclaredMethods();
        List<AsmVisitorWrapper> advice = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (ServerInstrumentation h : hooks) {
            if (!methods.filter(h.methods()).isEmpty()) {
                advice.add(Advice.to(pool.describe(h.adviceClass()).resolve(), locator).on(h.methods()));
                used.add(h.hook());
            }
        }
        if (advice.isEmpty()) {
            return null;
        }
        AsmVisitorWrapper wrapper = new AsmVisitorWrapper.Compound(advice);
        int writerFlags = wrapper.mergeWriter(0);
        int readerFlags = wrapper.mergeReader(0);
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, writerFlags);
        Implementation.Context context = new NoAuxiliaryTypes(type, ClassFileVersion.ofClassFile(bytes));
        ClassVisitor visitor = wrapper.wrap(type, writer, context, pool, type.getDeclaredFields(), methods,
                writerFlags, readerFlags);
        reader.accept(visitor, readerFlags);
        byte[] woven = writer.toByteArray();
        if (announce) {
            for (String hook : used) {
                Bridge.woven(hook);
            }
            LOG.info("hooked {} ({})", name, String.join(", ", used));
        }
        return woven;
    }

    /** Inlined advice needs no helper types or fields; Byte Buddy's disabled context refuses them if asked. */
    private static final class NoAuxiliaryTypes extends Implementation.Context.Disabled {
        NoAuxiliaryTypes(TypeDescription type, ClassFileVersion version) {
            super(type, version, Implementation.Context.FrameGeneration.GENERATE);
        }
    }
}
