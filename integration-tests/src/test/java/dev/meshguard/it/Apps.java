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
        WEBFLUX35("webflux35", "webflux", "", "WebFluxApp"),
        WEBFLUX40("webflux40", "webflux", "", "WebFluxApp"),
        VERTX45("vertx45", "vertx", "", "VertxApp"),
        VERTX45_WEB("vertx45", "vertx-web", "", "VertxWebApp"),
        VERTX50("vertx50", "vertx", "", "VertxApp"),
        VERTX50_WEB("vertx50", "vertx-web", "", "VertxWebApp"),
        /** A Quarkus REST application built by its own module (integration-tests/servers/quarkus), run with -jar. */
        QUARKUS("quarkus", "quarkus", "", ""),
        MICRONAUT("micronaut", "micronaut", "", "MicronautApp"),
        /**
         * Not a line of its own: Micronaut with micronaut-websocket, whose upgrade handler takes every request before
         * the routing handler (MicronautIT).
         */
        MICRONAUT_WEBSOCKET("micronaut-websocket", "micronaut", "", "MicronautApp"),
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


        /**
         * Source folders compiled with the app: the echo and dispatching servlets for servlet containers, TLS for Jetty,
         * the report of the application's own libraries (IsolationIT) for Tomcat and plain Netty.
         */
        List<String> sharedSources() {
            switch (app) {
                case "tomcat": return List.of("servlet", "library-report");
                case "netty": return List.of("library-report");
                case "jetty12-ee10": case "undertow-servlet": return List.of("servlet");
                case "jetty9": case "jetty12": return List.of("jetty-tls");
                case "vertx": case "vertx-web": return List.of("vertx-shared");
                default: return List.of();
            }
        }

        /**
         * Every server line (all but {@link #IDLE} and the {@link #MICRONAUT_WEBSOCKET} variant);
         * {@code -Dmeshguard.lines=NETTY41,NETTY42} narrows them while working on some lines (the full suite runs them all).
         */
        static List<Line> servers() {
            List<Line> out = new ArrayList<>(List.of(values()));
            out.remove(IDLE);
            out.remove(MICRONAUT_WEBSOCKET);
            return narrowed(out);
        }

        /** The lines named, for a test that runs on some lines only; narrowed by {@code -Dmeshguard.lines} too. */
        static List<Line> named(String... names) {
            List<Line> out = new ArrayList<>();
            for (String name : names) {
                out.add(valueOf(name));
            }
            return narrowed(out);
        }

        private static List<Line> narrowed(List<Line> lines) {
            String only = System.getProperty("meshguard.lines", "");
            if (!only.isEmpty()) {
                List<String> names = List.of(only.split(","));
                lines.removeIf(l -> !names.contains(l.name()));
            }
            return lines;
        }


        /**
         * True for a line whose application routes on the raw path (plain Netty and Vert.x core have no router;
         * Micronaut's router matches the raw path): Meshguard refuses with 400 a path that an Istio sidecar would read
         * otherwise, where Istio would decide on its reading.
         */
        boolean routesOnRawPath() {
            return app.equals("netty") || app.equals("vertx") || app.equals("micronaut");
        }

        /** True for Spring WebFlux on Reactor Netty. */
        boolean webFlux() {
            return app.equals("webflux");
        }

        /** The folder of the annotation processors the app is compiled with (Micronaut's), or null. */
        String processors() {
            return app.equals("micronaut") ? "micronaut-processors" : null;
        }

        /** The Java release the app is compiled for: what the line's own classes need. */
        String release() {
            return name().startsWith("JETTY12") || name().endsWith("_SERVLET") || app.equals("micronaut") || webFlux()
                    ? "17" : "11";
        }

        /** True for plain Netty, whose hook guards each connection's pipeline rather than each request. */
        boolean plainNetty() {
            return app.equals("netty");
        }

        /** True for the lines whose server is built on Netty, whose pipelines the plain-Netty hook also sees. */
        boolean onNetty() {
            return app.equals("netty") || app.startsWith("vertx") || app.equals("quarkus");
        }

        /** True for a line whose application is a built Quarkus application, started with {@code -jar}. */
        boolean builtApplication() {
            return app.equals("quarkus");
        }
    }

    private Apps() {
    }

    /**
     * How a child JVM starts {@code line}'s app, after its JVM options: a class path and a main class, or
     * {@code -jar} for a built application.
     */
    static List<String> launch(Line line, boolean withOwnLibraries) throws IOException {
        if (line.builtApplication()) {
            return List.of("-jar", SERVERS.resolve(line.jars).resolve("quarkus-run.jar").toString());
        }
        return List.of("-cp", classPath(line, withOwnLibraries), line.mainClass);
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
        List<String> processors = line.processors() == null ? List.of() : jars(SERVERS.resolve(line.processors()));
        return compile(key, sources, withOwnLibraries ? List.of(SOURCES.resolve("probe").resolve("LibraryProbe.java")) : List.of(),
                line.servletPackage, cp, line.release(), processors);
    }

    /** The jars of the server line folder {@code name} under {@link #SERVERS}. */
    static List<String> lineJars(String name) throws IOException {
        return jars(SERVERS.resolve(name));
    }

    /**
     * Compiles the sources in {@code folders} (and the {@code extra} files) once per {@code key}, with
     * {@code SERVLET.} replaced by {@code servletPackage}, against {@code classPath}; returns the classes folder.
     */
    static Path compile(String key, List<Path> folders, List<Path> extra, String servletPackage, List<String> classPath,
                        String release) throws IOException {
        return compile(key, folders, extra, servletPackage, classPath, release, List.of());
    }

    /** As above, with the annotation processors found on {@code processorPath} (Micronaut's) run on the sources. */
    static synchronized Path compile(String key, List<Path> folders, List<Path> extra, String servletPackage,
                                     List<String> classPath, String release, List<String> processorPath) throws IOException {
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
        if (!processorPath.isEmpty()) {
            args.addAll(List.of("-processorpath", String.join(File.pathSeparator, processorPath)));
        }
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
