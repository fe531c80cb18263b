package dev.meshguard.examples;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The README's first command: starts {@link BookinfoApp} in its own JVM with the built agent and the Bookinfo policies,
 * prints what real requests get, and leaves the server running with the curl lines to try by hand.
 * {@code --once} stops the server after the table.
 */
public final class Demo {
    static final String[] PATHS = {"/productpage", "/api/v1/products/0"};
    static final String[] TOKENS = {"no token", "valid token", "expired token", "wrong issuer"};

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        boolean once = args.length > 0 && args[0].equals("--once");
        Path root = Path.of(System.getProperty("meshguard.root", ".")).toAbsolutePath().normalize();
        int status = run(root, 9080, once, System.out);
        System.exit(status);
    }

    /** Runs the demo from the repository root; returns 0 when every answer is the expected one. */
    static int run(Path root, int port, boolean once, PrintStream out) throws Exception {
        Path jar = root.resolve("agent/target/meshguard-agent.jar");
        Path policies = root.resolve("examples/policies");
        Path log = root.resolve("examples/target/demo-server.log");
        if (!Files.isRegularFile(jar)) {
            out.println("The agent jar is missing: build first with  mvn -B -DskipTests package");
            return 2;
        }
        String classPath = root.resolve("examples/target/classes") + File.pathSeparator + root.resolve("examples/target/lib/*");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + jar, "-cp", classPath, BookinfoApp.class.getName(), String.valueOf(port))
                .redirectErrorStream(true);
        pb.environment().put("MESHGUARD_POLICY_PATH", policies.toString());
        Process server = pb.start();
        try {
            int actualPort = waitUntilReady(server, log);
            DemoTokens tokens = new DemoTokens(root.resolve("examples/istio-jwt-samples"));
            Map<String, String> bearer = new LinkedHashMap<>();
            bearer.put(TOKENS[0], null);
            bearer.put(TOKENS[1], tokens.valid());
            bearer.put(TOKENS[2], tokens.expired());
            bearer.put(TOKENS[3], tokens.wrongIssuer());
            String base = "http://localhost:" + actualPort;
            int[][] got = table(base, bearer);
            print(out, got, base, log);
            int[][] expected = {{200, 200, 401, 401}, {403, 200, 401, 401}};
            boolean asExpected = java.util.Arrays.deepEquals(expected, got);
            if (!asExpected) {
                out.println("Unexpected answers: see " + log);
            }
            if (!once) {
                out.println("The server keeps running; press Ctrl-C to stop it.");
                server.waitFor();
            }
            return asExpected ? 0 : 1;
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int waitUntilReady(Process server, Path log) throws Exception {
        Files.createDirectories(log.getParent());
        BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            if (line.startsWith("READY ")) {
                Thread copier = new Thread(() -> copy(in, log, lines), "demo-log");
                copier.setDaemon(true);
                copier.start();
                return Integer.parseInt(line.substring(6).trim());
            }
        }
        throw new IllegalStateException("the demo server did not start:\n" + String.join("\n", lines));
    }

    private static void copy(BufferedReader in, Path log, List<String> first) {
        try (PrintStream out = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            first.forEach(out::println);
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
            }
        } catch (Exception ignored) {
            // the server stopped
        }
    }

    private static int[][] table(String base, Map<String, String> bearer) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int[][] got = new int[PATHS.length][TOKENS.length];
        for (int p = 0; p < PATHS.length; p++) {
            for (int t = 0; t < TOKENS.length; t++) {
                HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + PATHS[p])).timeout(Duration.ofSeconds(10));
                String token = bearer.get(TOKENS[t]);
                if (token != null) {
                    r.header("Authorization", "Bearer " + token);
                }
                got[p][t] = client.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            }
        }
        return got;
    }

    private static void print(PrintStream out, int[][] got, String base, Path log) {
        out.println();
        out.println("Meshguard demo: Istio's Bookinfo policies enforced inside an unmodified Tomcat application");
        out.println();
        out.printf("%-26s %-10s %-12s %-14s %-12s%n", "request", TOKENS[0], TOKENS[1], TOKENS[2], TOKENS[3]);
        for (int p = 0; p < PATHS.length; p++) {
            out.printf("%-26s %-10d %-12d %-14d %-12d%n", "GET " + PATHS[p], got[p][0], got[p][1], got[p][2], got[p][3]);
        }
        out.println();
        out.println("Try it yourself (the server log is " + log + "):");
        out.println("  curl -i " + base + "/productpage");
        out.println("  curl -i " + base + "/api/v1/products/0");
        out.println("  TOKEN=$(cat examples/istio-jwt-samples/demo.jwt)");
        out.println("  curl -i -H \"Authorization: Bearer $TOKEN\" " + base + "/api/v1/products/0");
        out.println("  curl -i -H \"Authorization: Bearer $TOKEN\" " + base + "/headers");
        out.println("Explain a decision without a server:");
        out.println("  java -jar agent/target/meshguard-agent.jar check examples/policies --request 'GET /api/v1/products/0'");
        out.println();
    }
}
