package dev.meshguard.bootstrap;

import dev.meshguard.bootstrap.hooksample.HookSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's class loader over a real jar laid out as the agent jar is ({@code inst/...classdata}). */
class AgentClassLoaderTest {
    private static final String OWN = Sample.class.getName();
    private static final String HOOK = HookSample.class.getName();
    /** A resource in the jar and, with other content, on the test class path. */
    private static final String BOTH = "meshguard-test/both.txt";

    @TempDir
    Path dir;

    @Test
    void definesItsOwnClassesEvenWhenAParentCouldLoadThem() throws Exception {
        // The tools' loader has the class path as parent, where Sample is too: the jar's copy still wins.
        AgentClassLoader loader = AgentClassLoader.forTools(jar(true), url());
        Class<?> own = loader.loadClass(OWN);
        assertSame(loader, own.getClassLoader());
        assertSame(own, loader.loadClass(OWN), "defined once");
        assertEquals("sample", own.getDeclaredConstructor().newInstance().toString());
    }

    @Test
    void readsStoredAndCompressedEntriesAlike() throws Exception {
        for (boolean stored : new boolean[] {true, false}) {
            AgentClassLoader loader = AgentClassLoader.forAgent(jar(stored), url());
            assertEquals("sample", loader.loadClass(OWN).getDeclaredConstructor().newInstance().toString());
        }
    }

    @Test
    void leavesJdkAndBridgeClassesToTheParents() throws Exception {
        // Under test the bridge is on the class path, the tools' loader's parent (in a server: the boot class path).
        AgentClassLoader loader = AgentClassLoader.forTools(jar(false), url());
        assertSame(String.class, loader.loadClass("java.lang.String"));
        assertSame(Bridge.class, loader.loadClass(Bridge.class.getName()));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("dev.meshguard.NoSuchClass"));
    }

    @Test
    void aHooksLoaderDefinesOnlyItsPackageAndAsksTheServerForTheRest() throws Exception {
        AgentClassLoader agent = AgentClassLoader.forAgent(jar(false), url());
        ClassLoader server = getClass().getClassLoader();
        ClassLoader hooks = agent.forHooks(server, HOOK.substring(0, HOOK.lastIndexOf('.') + 1));
        assertSame(hooks, hooks.loadClass(HOOK).getClassLoader());
        assertSame(Sample.class, hooks.loadClass(OWN), "outside its package the server's class is used");
        assertThrows(ClassNotFoundException.class, () -> hooks.loadClass(HOOK.replace("HookSample", "Missing")));
        URL resource = hooks.getResource(HOOK.replace('.', '/') + ".class");
        assertNotNull(resource);
    }

    @Test
    void servesItsOwnResourcesFirstAndOnlyThem() throws Exception {
        AgentClassLoader loader = AgentClassLoader.forTools(jar(false), url());
        assertEquals("own", read(loader.getResourceAsStream(BOTH)));
        assertEquals("own", read(loader.getResource(BOTH).openStream()));
        List<URL> all = Collections.list(loader.getResources(BOTH));
        assertEquals(1, all.size(), all::toString);
        assertTrue(all.get(0).toString().endsWith("!/inst/" + BOTH), all::toString);
        assertNotNull(loader.getResource("istio-examples/README.md"), "other names come from the parent");
        ClassLoader hooks = loader.forHooks(getClass().getClassLoader(), "dev.meshguard.bootstrap.hooksample.");
        assertEquals("parent", read(hooks.getResourceAsStream(BOTH)), "a hooks loader asks the server first");
    }

    private static String read(InputStream in) throws Exception {
        try (InputStream stream = in) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private URL url() throws Exception {
        return dir.resolve("agent.jar").toUri().toURL();
    }

    private JarFile jar(boolean stored) throws Exception {
        Path path = dir.resolve("agent.jar");
        Files.deleteIfExists(path);
        try (OutputStream file = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(file)) {
            for (String name : new String[] {OWN, HOOK}) {
                byte[] bytes = classBytes(name);
                JarEntry entry = new JarEntry("inst/" + name.replace('.', '/') + ".classdata");
                if (stored) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(bytes);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(bytes.length);
                    entry.setCrc(crc.getValue());
                }
                jar.putNextEntry(entry);
                jar.write(bytes);
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry("inst/" + BOTH));
            jar.write("own".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return new JarFile(path.toFile());
    }

    private static byte[] classBytes(String name) throws Exception {
        try (InputStream in = AgentClassLoaderTest.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** A class the jar carries; also on the test class path. */
    public static final class Sample {
        @Override
        public String toString() {
            return "sample";
        }
    }
}
