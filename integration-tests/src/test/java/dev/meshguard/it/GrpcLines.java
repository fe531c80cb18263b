package dev.meshguard.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The grpc-java server lines (their jars copied by {@code integration-tests/servers/grpc*}), their test server in a
 * child JVM with the built agent, and a real grpc-java client ({@code apps/grpc-client}) in another child JVM that the
 * tests drive line by line. The integration tests' own class path has no gRPC on it.
 */
final class GrpcLines {
    private static final Pattern READY = Pattern.compile("^READY (\\d+)");

    /** A grpc-java server line: its jars folder and the app it runs. */
    enum Line {
        GRPC185_SHADED("grpc185-shaded", "GrpcApp"),
        GRPC185_NETTY("grpc185-netty", "GrpcApp"),
        GRPC160_SHADED("grpc160-shaded", "GrpcApp"),
        /** grpc-servlet (jakarta) 1.79 in Tomcat 10.1 over h2c: the Tomcat hook decides. */
        GRPC_SERVLET_TOMCAT("grpc-servlet-tomcat", "GrpcServletApp", "grpc-servlet"),
        /** grpc-servlet (jakarta) 1.79 in Jetty 12.0 ee10 over h2c: the Jetty 12 hook decides. */
        GRPC_SERVLET_JETTY12("grpc-servlet-jetty12", "GrpcJettyApp", "grpc-servlet-jetty12"),
        /** grpc-servlet (jakarta) 1.79 in Undertow 2.3 servlets over h2c: the Undertow hook decides. */
        GRPC_SERVLET_UNDERTOW("grpc-servlet-undertow", "GrpcUndertowApp", "grpc-servlet-undertow");

        final String jars;
        final String mainClass;
        /** The app's own sources beside {@code apps/grpc}, or null. */
        final String appSources;

        Line(String jars, String mainClass) {
            this(jars, mainClass, null);
        }

        Line(String jars, String mainClass, String appSources) {
            this.jars = jars;
            this.mainClass = mainClass;
            this.appSources = appSources;
        }

        /** Every line; {@code -Dmeshguard.lines=GRPC185_SHADED,...} narrows them, as it does the HTTP lines. */
        static List<Line> selected() {
            List<Line> out = new ArrayList<>(List.of(values()));
            String only = System.getProperty("meshguard.lines", "");
            if (!only.isEmpty()) {
                List<String> names = List.of(only.split(","));
                out.removeIf(l -> !names.contains(l.name()));
            }
            return out;
        }

        /** The lines served by grpc-java's own Netty transport (not grpc-servlet). */
        static List<Line> netty() {
            List<Line> out = selected();
            out.removeIf(Line::servlet);
            return out;
        }

        boolean servlet() {
            return appSources != null;
        }

        /**
         * True where a refusal comes as response headers then trailers rather than trailers only: Tomcat ends an
         * HTTP/2 stream with its first HEADERS frame only for statuses without a body.
         */
        boolean headersBeforeRefusal() {
            return this == GRPC_SERVLET_TOMCAT;
        }

        /** True where grpc-services has the v1 reflection service (1.60 has only v1alpha). */
        boolean reflectionV1() {
            return this != GRPC160_SHADED;
        }

        String classPath() throws IOException {
            List<Path> sources = new ArrayList<>(List.of(Apps.SOURCES.resolve("grpc")));
            if (appSources != null) {
                sources.add(Apps.SOURCES.resolve(appSources));
            }
            List<String> jarList = Apps.lineJars(jars);
            List<String> cp = new ArrayList<>();
            cp.add(Apps.compile(name(), sources, List.of(), "", jarList, "11").toString());
            cp.addAll(jarList);
            return String.join(File.pathSeparator, cp);
        }
    }

    private GrpcLines() {
    }

    /** {@code line}'s server with the agent (unless {@code agent} is false), {@code env} and {@code args}. */
    static ServerProcess start(Line line, boolean agent, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(ServerProcess.JDK17, "bin", "java").toString(), "-Xshare:auto"));
        if (agent) {
            command.add("-javaagent:" + Apps.AGENT_JAR.toAbsolutePath());
        }
        command.addAll(List.of("-cp", line.classPath(), line.mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("MESHGUARD_") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().putAll(env);
        return ServerProcess.launch(pb, READY, 90);
    }

    /** One call's answer as the client saw it. */
    record Result(String id, int code, boolean headers, int messages, long millis, String description, String trailers,
                  String body) {
        static Result parse(String line) {
            String[] f = line.split("\t", -1);
            if (f.length != 9 || !f[0].equals("RESULT")) {
                throw new IllegalStateException("not a result: " + line);
            }
            return new Result(f[1], Integer.parseInt(f[2]), Boolean.parseBoolean(f[3]), Integer.parseInt(f[4]),
                    Long.parseLong(f[5]), dec(f[6]), dec(f[7]), dec(f[8]));
        }

        private static String dec(String s) {
            return s.equals("-") ? null : URLDecoder.decode(s, StandardCharsets.UTF_8);
        }

        /** The value of trailer {@code name}, or null. */
        String trailer(String name) {
            for (String l : trailers.split("\n")) {
                if (l.startsWith(name + ": ")) {
                    return l.substring(name.length() + 2);
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return id + " " + code + " " + description + " headers=" + headers + " messages=" + messages + " trailers="
                    + trailers.replace("\n", "; ");
        }
    }

    /** The grpc-java 1.85 client, in its own JVM. */
    static final class Client implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;
        private int next;

        Client(String target, String... tls) throws Exception {
            Line client = Line.GRPC185_SHADED;
            List<String> jarList = Apps.lineJars(client.jars);
            String classes = Apps.compile("grpc-client", List.of(Apps.SOURCES.resolve("grpc-client")), List.of(), "",
                    jarList, "11").toString();
            List<String> command = new ArrayList<>(List.of(Path.of(ServerProcess.JDK17, "bin", "java").toString(),
                    "-cp", classes + File.pathSeparator + String.join(File.pathSeparator, jarList), "GrpcProbe", target));
            command.addAll(List.of(tls));
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("READY")) {
                throw new IllegalStateException("the client did not start: " + ready);
            }
        }

        /** A unary call of {@code method} ({@code package.Service/Method}) with {@code key=value} metadata. */
        Result call(String method, String... metadata) throws IOException {
            return send("call", method, metadata);
        }

        /** Starts a call, answered by {@link #await}; returns its id. */
        String start(String method, String... metadata) throws IOException {
            String id = "c" + (next++);
            command("start\t" + id + "\t" + method + tail(metadata));
            return id;
        }

        Result await(String id) throws IOException {
            return read("wait\t" + id);
        }

        Result health(String... metadata) throws IOException {
            return read("health\t" + "h" + (next++) + tail(metadata));
        }

        Result reflect(String version, String... metadata) throws IOException {
            return send("reflect", version, metadata);
        }

        private Result send(String kind, String arg, String... metadata) throws IOException {
            return read(kind + "\t" + "c" + (next++) + "\t" + arg + tail(metadata));
        }

        private static String tail(String... metadata) {
            StringBuilder b = new StringBuilder();
            for (String m : metadata) {
                b.append('\t').append(m);
            }
            return b.toString();
        }

        private void command(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
        }

        private Result read(String line) throws IOException {
            command(line);
            String answer = out.readLine();
            if (answer == null || !answer.startsWith("RESULT")) {
                throw new IllegalStateException("the client answered " + answer + " to " + line);
            }
            return Result.parse(answer);
        }

        @Override
        public void close() throws Exception {
            try {
                command("quit");
            } catch (IOException gone) {
                // already ended
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
