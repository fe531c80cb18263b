package dev.meshguard.agent;

import dev.meshguard.hooks.ServerInstrumentation;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weaver on real class files; the server hooks themselves are woven and exercised in the integration tests. */
class WeaverTest {

    private static List<ServerInstrumentation> hooks() {
        return AgentStarter.hooks(WeaverTest.class.getClassLoader());
    }

    @Test
    void theRehearsalInlinesAnAdviceIntoItsTarget() throws Exception {
        Weaver weaver = new Weaver(hooks(), getClass().getClassLoader());
        byte[] woven = weaver.rehearse();

        Method original = Rehearsal.Target.class.getDeclaredMethod("handle", Object.class, Object.class);
        original.setAccessible(true);
        assertEquals(true, original.invoke(null, null, "response"), "unwoven, null != response");

        Class<?> wovenClass = new ClassLoader(null) {
            Class<?> define(byte[] b) {
                return defineClass(Rehearsal.Target.class.getName(), b, 0, b.length);
            }
        }.define(woven);
        Method handle = wovenClass.getDeclaredMethod("handle", Object.class, Object.class);
        handle.setAccessible(true);
        assertEquals(false, handle.invoke(null, null, "response"), "the advice turns a null request into false");
        assertEquals(true, handle.invoke(null, "request", "response"));
    }

    /**
     * The agent instantiates every instrumentation at start-up, on any JVM from Java 8: none may be a newer class file,
     * even where its server line (Micronaut 4) and its advice and adapter are Java 17.
     */
    @Test
    void everyInstrumentationLoadsOnJava8() throws Exception {
        for (ServerInstrumentation h : hooks()) {
            String resource = h.getClass().getName().replace('.', '/') + ".class";
            try (java.io.InputStream in = h.getClass().getClassLoader().getResourceAsStream(resource)) {
                byte[] head = in.readNBytes(8);
                int major = ((head[6] & 0xFF) << 8) | (head[7] & 0xFF);
                assertTrue(major <= 52, h.getClass().getName() + " is class file version " + major);
            }
        }
    }

    /** Every hook's advice obeys the inliner's rules; a breach would otherwise show only when its server starts. */
    @Test
    void everyHooksAdviceCanBeInlined() throws Exception {
        for (ServerInstrumentation h : hooks()) {
            String resource = h.adviceClass().replace('.', '/') + ".class";
            try (java.io.InputStream in = h.getClass().getClassLoader().getResourceAsStream(resource)) {
                assertFalse(AdviceMethod.read(in.readAllBytes()).isEmpty(), h.adviceClass());
            }
        }
    }

    @Test
    void weavesOnlyTheServerClassesItKnows() {
        Weaver weaver = new Weaver(hooks(), getClass().getClassLoader());
        assertTrue(weaver.targets().contains("org/apache/catalina/connector/CoyoteAdapter"));
        assertTrue(weaver.targets().contains("io/undertow/server/Connectors"));
        assertTrue(weaver.targets().contains("io/micronaut/http/server/netty/RoutingInBoundHandler"));
        assertFalse(weaver.targets().contains(Rehearsal.Target.class.getName().replace('.', '/')),
                "the rehearsal target is never woven for real");
        assertNull(weaver.transform(null, "java/lang/Thread", null, null, new byte[] {1, 2, 3}));
        assertNull(weaver.transform(null, null, null, null, new byte[] {1, 2, 3}));
    }
}
