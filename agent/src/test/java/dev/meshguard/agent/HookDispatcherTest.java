package dev.meshguard.agent;

import dev.meshguard.agent.probe.ProbeAdapter;
import dev.meshguard.bootstrap.AgentClassLoader;
import dev.meshguard.bootstrap.Bridge;
import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.bootstrap.ServerAdapter;
import dev.meshguard.bootstrap.Verdict;
import dev.meshguard.hooks.ServerInstrumentation;
import dev.meshguard.hooks.TargetMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * How the dispatcher finds a hook's adapter: loaded from a real agent jar's {@code inst/} folder next to the request's
 * class loader, once per class loader whatever the request classes, and skipped when the hook passes its own.
 */
class HookDispatcherTest {
    private static final String ADAPTER = "dev.meshguard.agent.probe.ProbeAdapter";

    @TempDir
    Path dir;

    @Test
    void oneAdapterServesEveryRequestClassOfAClassLoaderAndAnotherLoaderGetsItsOwn() throws Throwable {
        HookDispatcher dispatcher = dispatcher();
        Object first = dispatcher.dispatch("probe", null, new Marker(), null, null);
        Object second = dispatcher.dispatch("probe", null, new OtherMarker(), null, null);
        assertEquals(ADAPTER, first.getClass().getName());
        assertNotSame(ProbeAdapter.class, first.getClass(), "loaded from the agent jar, next to the server's classes");
        assertSame(first, second, "two request classes of one class loader share its adapter");

        Definer other = new Definer(HookDispatcherTest.class.getClassLoader());
        Object request = other.define(Marker.class.getName()).getDeclaredConstructor().newInstance();
        Object third = dispatcher.dispatch("probe", null, request, null, null);
        assertEquals(ADAPTER, third.getClass().getName());
        assertNotSame(first, third, "a request class of another class loader gets an adapter next to that loader");
        assertSame(third, dispatcher.dispatch("probe", null, request, null, null));
    }

    @Test
    void anAdapterTheHookHoldsDecidesWithoutALookupAndFailuresStillPropagate() throws Throwable {
        HookDispatcher dispatcher = dispatcher();
        ServerAdapter held = (ServerAdapter) dispatcher.dispatch("probe", null, new Marker(), null, null);
        assertSame(Bridge.CONTINUE, dispatcher.dispatch("unknown hook", held, new Marker(), null, "go on"),
                "the held adapter decides, so no hook name is looked up");
        assertThrows(IllegalStateException.class, () -> dispatcher.dispatch("probe", held, new Marker(), null, "fail"));
    }

    private HookDispatcher dispatcher() throws Exception {
        Path jarPath = dir.resolve("agent.jar");
        try (OutputStream file = Files.newOutputStream(jarPath); JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new JarEntry("inst/" + ADAPTER.replace('.', '/') + ".classdata"));
            jar.write(classBytes(ADAPTER));
            jar.closeEntry();
        }
        AgentClassLoader loader = AgentClassLoader.forAgent(new JarFile(jarPath.toFile()), jarPath.toUri().toURL());
        return new HookDispatcher(request -> Verdict.allow(HeaderMutation.none()), Collections.singletonList(new Probe()), loader);
    }

    private static byte[] classBytes(String name) {
        try (InputStream in = HookDispatcherTest.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Request types; {@link Marker} is also defined again in a second class loader. */
    public static final class Marker {
    }

    public static final class OtherMarker {
    }

    /** A class loader that defines a copy of a test class itself, a server's class loader in small. */
    private static final class Definer extends ClassLoader {
        Definer(ClassLoader parent) {
            super(parent);
        }

        Class<?> define(String name) {
            byte[] b = classBytes(name);
            return defineClass(name, b, 0, b.length);
        }
    }

    private static final class Probe implements ServerInstrumentation {
        @Override public String hook() { return "probe"; }

        @Override public Set<String> targetClassNames() { return Collections.emptySet(); }

        @Override public TargetMethod methods() { return TargetMethod.named("none"); }

        @Override public String adviceClass() { return ADAPTER; }

        @Override public String adapterClass() { return ADAPTER; }
    }
}
