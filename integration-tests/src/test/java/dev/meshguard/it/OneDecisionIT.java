package dev.meshguard.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vert.x and Quarkus run on Netty, so the plain-Netty hook sees their pipelines too: the framework's hook decides each
 * request and the Netty hook stands aside. Meshguard's request counter equals the requests sent, over HTTP/1.1
 * (pipelined too), an h2c upgrade and the HTTP/2 streams after it, and each denial is logged once.
 */
class OneDecisionIT {
    @TempDir
    Path policies;

    static List<Apps.Line> lines() {
        return Apps.Line.named("VERTX45", "VERTX45_WEB", "VERTX50", "VERTX50_WEB", "QUARKUS");
    }

    @ParameterizedTest
    @MethodSource("lines")
    void eachRequestIsDecidedOnce(Apps.Line line) throws Exception {
        Files.writeString(policies.resolve("p.yaml"), "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: deny-api, namespace: default}\nspec:\n  action: DENY\n"
                + "  rules: [{to: [{operation: {paths: ['/api/*']}}]}]\n");
        int metricsPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            metricsPort = free.getLocalPort();
        }
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, line, false, null, Map.of(
                "MESHGUARD_POLICY_PATH", policies.toString(), "MESHGUARD_METRICS_PORT", String.valueOf(metricsPort)), "h2c")) {
            List<Integer> statuses = new ArrayList<>();
            HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (String path : List.of("/a", "/api/a", "/b")) {
                statuses.add(http1.send(HttpRequest.newBuilder(URI.create(server.url(path))).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
            }
            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            for (String path : List.of("/c", "/api/b", "/d", "/api/c")) {
                HttpResponse<String> r = h2.send(HttpRequest.newBuilder(URI.create(server.url(path))).build(),
                        HttpResponse.BodyHandlers.ofString());
                statuses.add(r.statusCode());
                if (!path.equals("/c")) {
                    assertEquals(HttpClient.Version.HTTP_2, r.version(), "an HTTP/2 stream after the upgrade");
                }
            }
            String host = "Host: 127.0.0.1:" + server.port + "\r\n";
            for (RawHttp.Response r : RawHttp.exchange(server.port, ("GET /e HTTP/1.1\r\n" + host + "\r\nGET /api/d HTTP/1.1\r\n"
                    + host + "\r\nGET /f HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), 5000)) {
                statuses.add(r.status());
            }
            assertEquals(List.of(200, 403, 200, 200, 403, 200, 403, 200, 403, 200), statuses, server::output);

            String metrics = Http.get("http://127.0.0.1:" + metricsPort + "/metrics").body();
            assertTrue(metrics.contains("meshguard_requests_total{decision=\"allow\"} 6\n"), metrics);
            assertTrue(metrics.contains("meshguard_requests_total{decision=\"deny\"} 4\n"), metrics);
            assertEquals(4, server.output().lines().filter(l -> l.contains("DecisionLog: deny GET /api/")).count(),
                    server::output);
        }
    }
}
