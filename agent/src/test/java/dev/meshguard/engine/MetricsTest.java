package dev.meshguard.engine;

import dev.meshguard.config.AgentConfig;
import dev.meshguard.testing.Seed;
import dev.meshguard.testing.TestRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metrics endpoint, scraped over HTTP after real decisions. */
class MetricsTest {
    @TempDir
    Path dir;

    static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void countsDecisionsDenialsJwtFailuresAndReloads() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), Seed.policies());
        Engine e = Engine.start(AgentConfig.resolve("policyPath=" + dir + ",metricsPort=0", new Properties(), Map.of(), p -> null));
        try {
            e.decide(TestRequest.get("/productpage"));
            e.decide(TestRequest.get("/api/v1/products/0"));
            e.decide(TestRequest.get("/api/v1/products/0"));
            e.decide(TestRequest.get("/productpage").bearer("not-a-token"));
            String text = get("http://127.0.0.1:" + e.metricsPort() + "/metrics").body();
            assertTrue(text.contains("meshguard_requests_total{decision=\"allow\"} 1\n"), text);
            assertTrue(text.contains("meshguard_requests_total{decision=\"deny\"} 2\n"), text);
            assertTrue(text.contains("meshguard_denials_total{reason=\"DENY\",policy=\"istio-system/require-jwt\"} 2\n"), text);
            assertTrue(text.contains("meshguard_jwt_failures_total{reason=\"Jwt is not in the form of Header.Payload.Signature"
                    + " with two dots and 3 sections\"} 1\n"), text);
            assertTrue(text.contains("meshguard_policy_reloads_total{result=\"success\"} 1\n"), text);
            assertTrue(text.contains("meshguard_decision_seconds_count 4\n"), text);
            assertTrue(text.contains("meshguard_decision_seconds_bucket{le=\"+Inf\"} 4\n"), text);
            assertEquals(200, get("http://127.0.0.1:" + e.metricsPort() + "/healthz").statusCode());
        } finally {
            e.close();
        }
    }

    @Test
    void healthReportsFailingClosed() throws Exception {
        Engine e = Engine.start(AgentConfig.resolve("policyPath=" + dir.resolve("absent") + ",metricsPort=0", new Properties(),
                Map.of(), p -> null));
        try {
            HttpResponse<String> health = get("http://127.0.0.1:" + e.metricsPort() + "/healthz");
            assertEquals(503, health.statusCode());
            assertEquals("failing closed\n", health.body());
            e.decide(TestRequest.get("/"));
            assertTrue(get("http://127.0.0.1:" + e.metricsPort() + "/metrics").body()
                    .contains("meshguard_requests_total{decision=\"fail_closed\"} 1\n"));
        } finally {
            e.close();
        }
    }
}
