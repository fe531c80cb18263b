package dev.meshguard.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same decisions over HTTP/2 (cleartext upgrade, or h2c with prior knowledge where a line offers only that) on every
 * line that speaks HTTP/2, where each stream is its own request.
 */
class Http2IT {
    @TempDir
    Path policies;

    static List<Apps.Line> lines() {
        return Apps.Line.named("TOMCAT9", "TOMCAT10", "TOMCAT11", "JETTY12", "JETTY121", "UNDERTOW22", "UNDERTOW23",
                "NETTY41", "NETTY42", "WEBFLUX35", "WEBFLUX40", "VERTX45", "VERTX45_WEB", "VERTX50",
                "VERTX50_WEB", "QUARKUS", "MICRONAUT");
    }

    @ParameterizedTest
    @MethodSource("lines")
    void decidesHttp2Streams(Apps.Line line) throws Exception {
        Files.writeString(policies.resolve("policies.yaml"), Policies.seed());
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, line, false, null,
                Map.of("MESHGUARD_POLICY_PATH", policies.toString()), "h2c")) {
            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> upgrade = h2.send(HttpRequest.newBuilder(URI.create(server.url("/productpage"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, upgrade.statusCode(), server::output);
            HttpResponse<String> api = h2.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/products/0"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, api.version(), "the connection was upgraded to HTTP/2");
            assertEquals(403, api.statusCode());
            assertEquals("RBAC: access denied", api.body());
            HttpResponse<String> allowed = h2.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/products/0")))
                    .header("Authorization", "Bearer " + Policies.demoToken()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, allowed.version());
            assertEquals(200, allowed.statusCode());
            assertTrue(allowed.body().contains("x-jwt-sub: testing@secure.istio.io"), allowed.body());
            assertTrue(!allowed.body().contains("authorization:"), allowed.body());
            HttpResponse<String> bad = h2.send(HttpRequest.newBuilder(URI.create(server.url("/productpage")))
                    .header("Authorization", "Bearer " + Policies.tampered(Policies.demoToken())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, bad.statusCode());
            assertEquals("Jwt verification fails", bad.body());
        }
    }
}
