package dev.meshguard.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's own classes and libraries from the agent jar's {@code inst/} folder, where they are stored as
 * {@code .classdata} so that no application class loader can ever find them. Its parent is the platform (extension)
 * loader: the application's classes are invisible to the agent and the agent's to the application; both see the
 * bridge on the boot class path. A class loader created with {@link #forHooks} instead has a server's class loader as
 * parent and defines only one hooks package, so an adapter can use that server's types.
 */
public final class AgentClassLoader extends ClassLoader {
    static final String PREFIX = "inst/";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final URL jarUrl;
    private final String onlyPackage;
    private final ProtectionDomain domain;

    private AgentClassLoader(ClassLoader parent, JarFile jar, URL jarUrl, String onlyPackage) {
        super(parent);
        this.jar = jar;
        this.jarUrl = jarUrl;
        this.onlyPackage = onlyPackage;
        this.domain = new ProtectionDomain(new CodeSource(jarUrl, (Certificate[]) null), null, this, null);
    }

    /** The loader of the agent inside an application: only the platform classes and the boot class path are visible. */
    public static AgentClassLoader forAgent(JarFile jar, URL jarUrl) {
        return new AgentClassLoader(ClassLoader.getSystemClassLoader().getParent(), jar, jarUrl, null);
    }

    /** The loader of the command-line tools, where the jar itself is the class path and there is no application. */
    public static AgentClassLoader forTools(JarFile jar, URL jarUrl) {
        return new AgentClassLoader(MeshguardAgent.class.getClassLoader(), jar, jarUrl, null);
    }

    /** A loader for one hooks package (e.g. {@code dev.meshguard.hooks.tomcat.}) next to a server's classes. */
    public ClassLoader forHooks(ClassLoader serverLoader, String hooksPackage) {
        return new AgentClassLoader(serverLoader, jar, jarUrl, hooksPackage);
    }

    /**
     * The agent's own classes (those with an {@code inst/} entry) are defined here without asking the parents first:
     * the platform and boot loaders would search every JDK module for each of them in vain, which was a tenth of the
     * agent's class loading at start-up. No {@code inst/} entry is a JDK or bridge class, so nothing is shadowed.
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        boolean hooksPackage = onlyPackage != null && name.startsWith(onlyPackage);
        JarEntry own = onlyPackage == null || hooksPackage ? ownEntry(name) : null;
        if (own == null && !hooksPackage) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (own == null) {
                    throw new ClassNotFoundException(name);
                }
                c = define(name, own);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    /** The {@code inst/} entry of a class, or null; a JDK class never has one. */
    private JarEntry ownEntry(String name) {
        return name.startsWith("java.") ? null : jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
    }

    private Class<?> define(String name, JarEntry entry) throws ClassNotFoundException {
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = readAll(in, entry.getSize());
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String pkg = name.substring(0, dot);
            if (getPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException alreadyDefined) {
                    // another thread defined it first
                }
            }
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    /** Resources of {@code inst/}; a {@code .class} name is served from its {@code .classdata} entry. */
    @Override
    protected URL findResource(String name) {
        String entryName = entryName(name);
        if (jar.getJarEntry(entryName) == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarUrl.toExternalForm() + "!/" + entryName);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.<URL>emptyEnumeration() : Collections.enumeration(Collections.singleton(url));
    }

    private static String entryName(String resource) {
        return PREFIX + (resource.endsWith(".class") ? resource + "data" : resource);
    }

    /**
     * The agent's own resources (its hook list, advice class files, its libraries' service files) are served from
     * {@code inst/} without asking the parents first, for the same reason as its classes: the JDK's loaders look for a
     * {@code META-INF} name in every JDK module. For a name {@code inst/} has, the parents' copies are not listed
     * either: this loader only ever reads its own. A hooks loader keeps the usual order.
     */
    @Override
    public URL getResource(String name) {
        URL own = onlyPackage == null ? findResource(name) : null;
        return own != null ? own : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        URL own = onlyPackage == null ? findResource(name) : null;
        return own != null ? Collections.enumeration(Collections.singleton(own)) : super.getResources(name);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        JarEntry own = onlyPackage == null ? jar.getJarEntry(entryName(name)) : null;
        if (own == null) {
            return super.getResourceAsStream(name);
        }
        try {
            return jar.getInputStream(own);
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads an entry whose size the jar's directory gives in one array; any other size through a buffer. */
    private static byte[] readAll(InputStream in, long size) throws IOException {
        if (size >= 0 && size < Integer.MAX_VALUE) {
            byte[] bytes = new byte[(int) size];
            int read = 0;
            for (int n; read < bytes.length && (n = in.read(bytes, read, bytes.length - read)) > 0; ) {
                read += n;
            }
            if (read == bytes.length && in.read() < 0) {
                return bytes;
            }
            throw new IOException("entry is not " + size + " bytes long");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
