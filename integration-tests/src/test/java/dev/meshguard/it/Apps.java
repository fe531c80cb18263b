package dev.meshguard.it;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The test applications, compiled once per server line against that line's jars (which differ: javax or jakarta),
 * and the class path a child JVM runs them with. Nothing of Meshguard is on that class path.
 */
final class Apps {
    static final Path SERVERS = Path.of(System.getProperty("meshguard.servers", "target/servers"));
    static final Path SOURCES = Path.of(System.getProperty("meshguard.apps", "src/test/apps"));
    static final Path AGENT_JAR = Path.of(System.getProperty("meshguard.agent.jar", "../agent/target/meshguard-agent.jar"));
    private static final Map<String, Path> COMPILED = new ConcurrentHashMap<>();

    /** A server line: its jar folder, its app sources, and the servlet package its app uses. */
    enum Line {
        TOMCAT9("tomcat9", "tomcat", "javax.servlet", "TomcatApp"),
        TOMCAT10("tomcat10", "tomcat", "jakarta.servlet", "TomcatApp"),
        TOMCAT11("tomcat11", "tomcat", "jakarta.servlet", "TomcatApp"),
        JETTY9("jetty9", "jetty9", "javax.servlet", "JettyClassicApp"),
        JETTY10("jetty10", "jetty9", "javax.servlet", "JettyClassicApp"),
        JETTY11("jetty11", "jetty9", "jakarta.servlet", "JettyClassicApp"),
        JETTY12("jetty12", "jetty12", "", "JettyApp"),
        JETTY121("jetty121", "jetty12", "", "JettyApp"),
        JETTY12_EE10("jetty12-ee10", "jetty12-ee10", "jakarta.servlet", "JettyServletApp"),
        UNDERTOW22("undertow22", "undertow", "", "UndertowApp"),
        UNDERTOW23("undertow23", "undertow", "", "UndertowApp"),
        UNDERTOW22_SERVLET("undertow22-servlet", "undertow-servlet", "javax.servlet", "UndertowServletApp"),
        UNDERTOW23_SERVLET("undertow23-servlet", "undertow-servlet", "jakarta.servlet", "UndertowServletApp"),
        NETTY41("netty41", "netty", "", "NettyApp"),
        NETTY42("netty42", "netty", "", "NettyApp"),
        /** Not a server: a JVM that only waits, for the "no server seen" warning. */
        IDLE("tomcat9", "idle", "", "IdleApp");

        final String jars;
        final String app;
        final String servletPackage;
        final String mainClass;

        Line(String jars, String app, String servletPackage, String mainClass) {
            this.jars = jars;
            this.app = app;
            this.servletPackage = servletPackage;
            this.mainClass = mainClass;
        }

        /** Source folders compiled with the app: the echo and dispatching servlets for servlet containers, TLS for Jetty. */
        List<String> sharedSources() {
            switch (app) {
                case "tomcat": case "jetty12-ee10": case "undertow-servlet": return List.of("servlet");
                case "jetty9": case "jetty12": return List.of("jetty-tls");
                default: return List.of();
            }
        }

        /**
         * Every line that is an HTTP server (all but {@link #IDLE}); {@code -Dmeshguard.lines=NETTY41,NETTY42} narrows
         * them while working on some lines (the full suite runs them all).
         */
        static List<Line> servers() {
            List<Line> out = new ArrayList<>(List.of(values()));
            out.remove(IDLE);
            String only = System.getProperty("meshguard.lines", "");
            if (!only.isEmpty()) {
                List<String> names = List.of(only.split(","));
                out.removeIf(l -> !names.contains(l.name()));
            }
            return out;
        }

        /**
         * True for a line whose application routes on the raw path (no router): Meshguard refuses with 400 a path that
         * an Istio sidecar would read otherwise, where Istio would decide on its reading.
         */
        boolean routesOnRawPath() {
            return app.equals("netty");
        }

        /** True for plain Netty, whose hook guards each connection's pipeline rather than each request. */
        boolean plainNetty() {
            return app.equals("netty");
        }
    }

    private Apps() {
    }

    /** The class path of {@code line}'s app: compiled classes, server jars, and the app's own libraries if asked. */
    static String classPath(Line line, boolean withOwnLibraries) throws IOException {
        List<String> entries = new ArrayList<>();
        entries.add(compile(line, withOwnLibraries).toString());
        entries.addAll(jars(SERVERS.resolve(line.jars)));
        if (withOwnLibraries) {
            entries.addAll(jars(SERVERS.resolve("app-libs")));
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().collect(Collectors.toList());
        }
    }

    private static synchronized Path compile(Line line, boolean withOwnLibraries) throws IOException {
        String key = line.name() + (withOwnLibraries ? "+libs" : "");
        List<Path> sources = new ArrayList<>();
        sources.add(SOURCES.resolve(line.app));
        for (String shared : line.sharedSources()) {
            sources.add(SOURCES.resolve(shared));
        }
        List<String> cp = new ArrayList<>(jars(SERVERS.resolve(line.jars)));
        if (withOwnLibraries) {
            cp.addAll(jars(SERVERS.resolve("app-libs")));
        }
        String release = line.name().startsWith("JETTY12") || line.name().endsWith("_SERVLET") ? "17" : "11";
        return compile(key, sources, withOwnLibraries ? List.of(SOURCES.resolve("probe").resolve("LibraryProbe.java")) : List.of(),
                line.servletPackage, cp, release);
    }

    /** The jars of the server line folder {@code name} under {@link #SERVERS}. */
    static List<String> lineJars(String name) throws IOException {
        return jars(SERVERS.resolve(name));
    }

    /**
     * Compiles the sources in {@code folders} (and the {@code extra} files) once per {@code key}, with
     * {@code SERVLET.} replaced by {@code servletPackage}, against {@code classPath}; returns the classes folder.
     */
    static synchronized Path compile(String key, List<Path> folders, List<Path> extra, String servletPackage,
                                     List<String> classPath, String release) throws IOException {
        Path out = COMPILED.get(key);
        if (out != null) {
            return out;
        }
        out = Files.createDirectories(SERVERS.getParent().resolve("apps").resolve(key));
        Path src = Files.createDirectories(out.resolve("src"));
        List<String> files = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        for (Path folder : folders) {
            try (Stream<Path> s = Files.list(folder)) {
                sources.addAll(s.collect(Collectors.toList()));
            }
        }
        for (Path p : sources) {
            String text = Files.readString(p).replace("SERVLET.", servletPackage + ".");
            Path copy = src.resolve(p.getFileName());
            Files.writeString(copy, text);
            files.add(copy.toString());
        }
        for (Path p : extra) {
            files.add(p.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", String.join(File.pathSeparator, classPath),
                "--release", release, "-nowarn"));
        args.addAll(files);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = javac.run(null, err, err, args.toArray(new String[0]));
        if (status != 0) {
            throw new IllegalStateException("cannot compile " + key + ": " + err.toString(StandardCharsets.UTF_8));
        }
        COMPILED.put(key, out);
        return out;
    }
}
