package dev.meshguard.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What only plain Netty pipelines have: a request decoder and a response encoder added as two handlers (the guard must
 * sit after both, so that its denials are encoded), and an HTTP/1.1 request upgraded to h2c, which Netty replays as
 * stream 1 and which is decided once.
 */
class NettyIT {
    @TempDir
    Path policies;

    private ServerProcess start(Apps.Line line, int metricsPort, String mode) throws Exception {
        Files.writeString(policies.resolve("policies.yaml"), Policies.seed());
        return ServerProcess.start(ServerProcess.JDK17, line, false, null, Map.of("MESHGUARD_POLICY_PATH",
                policies.toString(), "MESHGUARD_METRICS_PORT", String.valueOf(metricsPort)), mode);
    }

    @ParameterizedTest
    @EnumSource(value = Apps.Line.class, names = {"NETTY41", "NETTY42"})
    void aSplitDecoderAndEncoderAreGuarded(Apps.Line line) throws Exception {
        int metrics = Http.freePort();
        try (ServerProcess server = start(line, metrics, "split")) {
            HttpResponse<String> page = Http.get(server.url("/productpage"));
            assertEquals(200, page.statusCode(), server::output);
            HttpResponse<String> denied = Http.get(server.url("/api/v1/products/0"));
            assertEquals(403, denied.statusCode());
            assertEquals("RBAC: access denied", denied.body());
            assertEquals("19", denied.headers().firstValue("Content-Length").orElse(""));
            HttpResponse<String> allowed = Http.get(server.url("/api/v1/products/0"), "Authorization",
                    "Bearer " + Policies.demoToken());
            assertEquals(200, allowed.statusCode());
            assertEquals(Http.hits(page) + 1, Http.hits(allowed), "the denied request never reached the application");
            assertTrue(allowed.body().contains("x-jwt-sub: testing@secure.istio.io"), allowed.body());
            assertFalse(allowed.body().contains("authorization:"), allowed.body());
            assertEquals(3, Http.decisions(metrics));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Apps.Line.class, names = {"NETTY41", "NETTY42"})
    void anUpgradedRequestIsDecidedOnce(Apps.Line line) throws Exception {
        int metrics = Http.freePort();
        try (ServerProcess server = start(line, metrics, "h2c")) {
            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            HttpResponse<String> upgraded = h2.send(HttpRequest.newBuilder(URI.create(server.url("/productpage")))
                    .header("x-jwt-sub", "spoofed").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, upgraded.statusCode(), server::output);
            assertEquals(HttpClient.Version.HTTP_2, upgraded.version());
            assertTrue(upgraded.body().contains("x-http2-stream-id: 1\n"), "served as stream 1, after the upgrade: "
                    + upgraded.body());
            assertFalse(upgraded.body().contains("spoofed"), "the header changes made before the upgrade hold");
            HttpResponse<String> next = h2.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/products/0"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, next.version());
            assertEquals(403, next.statusCode());
            assertEquals(2, Http.decisions(metrics), "the upgrade request and stream 3, each once");
        }
    }
}
