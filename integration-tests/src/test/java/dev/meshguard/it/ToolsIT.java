package dev.meshguard.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built jar as a command-line tool, attach into a running server, and staying quiet in JVMs that serve nothing. */
class ToolsIT {
    @TempDir
    Path dir;

    record Result(int status, String output) { }

    static Result run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("MESHGUARD_") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    static String java() {
        return Path.of(ServerProcess.JDK17, "bin", "java").toString();
    }

    @Test
    void validateAndCheckRunFromTheJar() throws Exception {
        Files.writeString(dir.resolve("seed.yaml"), Policies.seed());
        String jar = Apps.AGENT_JAR.toAbsolutePath().toString();
        Result ok = run(Map.of(), java(), "-jar", jar, "validate", dir.toString());
        assertEquals(0, ok.status(), ok.output());
        assertTrue(ok.output().contains("1 RequestAuthentication, 1 AuthorizationPolicy, 0 warning(s)"), ok.output());

        Result deny = run(Map.of(), java(), "-jar", jar, "check", dir.toString(), "--request", "GET /api/v1/products/0");
        assertEquals(1, deny.status(), deny.output());
        assertTrue(deny.output().startsWith("DENY 403 (DENY istio-system/require-jwt rule 0)"), deny.output());

        Files.writeString(dir.resolve("seed.yaml"), Policies.seed().replace("action: DENY", "action: BLOCK"));
        Result bad = run(Map.of(), java(), "-jar", jar, "validate", dir.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.output().contains("seed.yaml doc 1 AuthorizationPolicy istio-system/require-jwt: spec.action: 'BLOCK'"), bad.output());
    }

    @Test
    void servesMetricsFromARunningServer() throws Exception {
        Files.writeString(dir.resolve("seed.yaml"), Policies.seed());
        int metricsPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            metricsPort = free.getLocalPort();
        }
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, Apps.Line.JETTY12, false, null,
                Map.of("MESHGUARD_POLICY_PATH", dir.toString(), "MESHGUARD_METRICS_PORT", String.valueOf(metricsPort)))) {
            assertEquals(200, Http.get(server.url("/productpage")).statusCode());
            assertEquals(403, Http.get(server.url("/api/v1/products/0")).statusCode());
            String metrics = Http.get("http://127.0.0.1:" + metricsPort + "/metrics").body();
            assertTrue(metrics.contains("meshguard_requests_total{decision=\"allow\"} 1"), metrics);
            assertTrue(metrics.contains("meshguard_denials_total{reason=\"DENY\",policy=\"istio-system/require-jwt\"} 1"), metrics);
            assertTrue(metrics.contains("meshguard_decision_seconds_count 2"), metrics);
            assertEquals(200, Http.get("http://127.0.0.1:" + metricsPort + "/healthz").statusCode());
        }
    }

    @Test
    void staysQuietInAJvmThatServesNothing() throws Exception {
        Result r = run(Map.of("JAVA_TOOL_OPTIONS", "-javaagent:" + Apps.AGENT_JAR.toAbsolutePath(),
                "MESHGUARD_POLICY_PATH", dir.toString()), java(), "-version");
        assertEquals(0, r.status(), r.output());
        assertTrue(!r.output().contains("[meshguard]"), "no banner, no log line: " + r.output());
        assertTrue(!r.output().contains("warning"), "the boot class path comes from the manifest, so class data sharing "
                + "stays on and the JVM does not warn: " + r.output());
        assertTrue(r.output().contains("Picked up JAVA_TOOL_OPTIONS"), r.output());
    }

    @Test
    void aRenamedJarStillProtects() throws Exception {
        Files.writeString(dir.resolve("seed.yaml"), Policies.seed());
        Path renamed = Files.copy(Apps.AGENT_JAR, dir.resolve("guard-0.1.jar"));
        try (ServerProcess server = ServerProcess.start(renamed, ServerProcess.JDK17, Apps.Line.TOMCAT10, false, null,
                Map.of("MESHGUARD_POLICY_PATH", dir.toString()))) {
            assertEquals(200, Http.get(server.url("/productpage")).statusCode());
            assertEquals(403, Http.get(server.url("/api/v1/products/0")).statusCode(), server::output);
            assertTrue(server.output().contains("hooked org.apache.catalina.connector.CoyoteAdapter (tomcat)"), server.output());
        }
    }

    @Test
    void warnsOnceWhenPoliciesAreConfiguredButNoServerStarts() throws Exception {
        String cp = Apps.classPath(Apps.Line.IDLE, false);
        Result r = run(Map.of("MESHGUARD_POLICY_PATH", dir.toString(), "MESHGUARD_SERVER_WAIT", "500ms"),
                java(), "-javaagent:" + Apps.AGENT_JAR.toAbsolutePath(), "-cp", cp, "IdleApp", "1500");
        assertEquals(0, r.status(), r.output());
        assertTrue(r.output().contains("policies are configured (" + dir + ") but no supported server"), r.output());
        assertEquals(1, r.output().lines().filter(l -> l.contains("no supported server")).count());
        Result quick = run(Map.of("MESHGUARD_POLICY_PATH", dir.toString()), java(), "-javaagent:" + Apps.AGENT_JAR.toAbsolutePath(),
                "-cp", cp, "IdleApp", "10");
        assertTrue(!quick.output().contains("[meshguard]"), "silent before the wait is over: " + quick.output());
    }

    @Test
    void attachesToARunningServer() throws Exception {
        Files.writeString(dir.resolve("seed.yaml"), Policies.seed());
        List<String> command = new ArrayList<>(List.of(java(), "-cp", Apps.classPath(Apps.Line.TOMCAT10, false), "TomcatApp"));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int port = -1;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    port = Integer.parseInt(line.substring(6).trim());
                    break;
                }
            }
            String url = "http://127.0.0.1:" + port + "/api/v1/products/0";
            assertEquals(200, Http.get(url).statusCode(), "not protected before attaching");

            Result attach = run(Map.of(), java(), "-jar", Apps.AGENT_JAR.toAbsolutePath().toString(), "attach",
                    String.valueOf(server.pid()), "policyPath=" + dir);
            assertEquals(0, attach.status(), attach.output());
            assertEquals(403, Http.get(url).statusCode(), "protected after attaching");
            assertEquals(200, Http.get("http://127.0.0.1:" + port + "/productpage").statusCode());
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
