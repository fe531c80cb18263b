package dev.meshguard.authz;

import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.net.TrustedTls;
import dev.meshguard.testing.ExtAuthzServer;
import dev.meshguard.testing.JwksServer;
import dev.meshguard.testing.TestRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The external authorizer's client against a real authorizer process, as Envoy's HTTP ext_authz would call it. */
class ExtAuthzClientTest {
    private static ExtAuthzServer.Running authorizer;
    private static ExtAuthzClient client;

    @BeforeAll
    static void start() throws Exception {
        authorizer = ExtAuthzServer.start(false);
        client = new ExtAuthzClient(authorizer.base() + "/check", Duration.ofMillis(700), TrustedTls.of(null));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        authorizer.close();
    }

    static ExtAuthzResult check(ExtAuthzClient c, TestRequest request) throws Exception {
        return check(c, request, HeaderMutation.none());
    }

    static ExtAuthzResult check(ExtAuthzClient c, TestRequest request, HeaderMutation authn) throws Exception {
        return c.check(request, Readings.of(request), authn).get(10, TimeUnit.SECONDS);
    }

    @Test
    void sendsWhatEnvoySendsAndNothingElse() throws Exception {
        TestRequest r = TestRequest.get("/echo/./users/../x?page=2").method("PATCH").host("shop.example:8443")
                .header("Authorization", "Bearer abc").header("x-user", "alice").header("Cookie", "s=1")
                .header("User-Agent", "curl").header("Content-Type", "application/json");
        ExtAuthzResult echo = check(client, r);
        assertEquals(ExtAuthzResult.Kind.DENIED, echo.kind());
        List<String> lines = echo.body().lines().toList();
        assertEquals("PATCH /check/echo/x?page=2", lines.get(0), "the prefix, then the normalised path and the query");
        assertEquals(List.of("authorization: Bearer abc", "connection: keep-alive", "content-length: 0", "host: shop.example:8443",
                "x-envoy-internal: true", "x-forwarded-for: 10.0.0.2"), lines.subList(1, lines.size() - 2), echo.body());
        assertEquals("body-bytes: 0", lines.get(lines.size() - 1));
    }

    @Test
    void theTokenJwtAuthenticationRemovedIsNotSent() throws Exception {
        HeaderMutation removed = new HeaderMutation(List.of("Authorization"), Map.of("x-jwt-sub", "alice"));
        ExtAuthzResult echo = check(client, TestRequest.get("/echo").header("Authorization", "Bearer abc"), removed);
        assertFalse(echo.body().contains("authorization"), echo.body());
        assertFalse(echo.body().contains("x-jwt-sub"), echo.body());
    }

    @Test
    void keepsConnectionsAlive() throws Exception {
        // A client of its own, so the pool holds only the first check's connection; the pause lets the pool take it
        // back, which it does just after the answer completes the check.
        try (ExtAuthzClient own = new ExtAuthzClient(authorizer.base() + "/check", Duration.ofMillis(700), TrustedTls.of(null))) {
            String first = peerPort(check(own, TestRequest.get("/echo/1")));
            Thread.sleep(200);
            String second = peerPort(check(own, TestRequest.get("/echo/2")));
            assertEquals(first, second, "the second check reused the first one's connection");
        }
    }

    private static String peerPort(ExtAuthzResult echo) {
        return echo.body().lines().filter(l -> l.startsWith("peer-port")).findFirst().orElseThrow();
    }

    @Test
    void onlyA200Allows() throws Exception {
        ExtAuthzResult ok = check(client, TestRequest.get("/allow"));
        assertEquals(ExtAuthzResult.Kind.OK, ok.kind());
        assertTrue(ok.headersToRemove().isEmpty());
        assertEquals(List.of("x-secret"), check(client, TestRequest.get("/allow-and-remove")).headersToRemove());
        ExtAuthzResult created = check(client, TestRequest.get("/created"));
        assertEquals(ExtAuthzResult.Kind.DENIED, created.kind(), "Envoy allows on 200 only");
        assertEquals(201, created.status());
        assertEquals("created", created.body());
    }

    @Test
    void aChunkedDenialReachesTheClientAsItsBodyWithItsHeaders() throws Exception {
        ExtAuthzResult denied = check(client, TestRequest.get("/deny-chunked"));
        assertEquals(ExtAuthzResult.Kind.DENIED, denied.kind());
        assertEquals(403, denied.status());
        assertEquals("forbidden by policy", denied.body(), "no chunk framing in the body");
        assertEquals("chunked", denied.headers().get("x-reason"));
        assertFalse(denied.headers().containsKey("transfer-encoding"));
        assertFalse(denied.headers().containsKey("date"));
    }

    @Test
    void aDenialWithALengthKeepsItsStatusBodyAndHeaders() throws Exception {
        ExtAuthzResult denied = check(client, TestRequest.get("/deny-length"));
        assertEquals(401, denied.status());
        assertEquals("who are you", denied.body());
        assertEquals("Basic realm=\"authz\"", denied.headers().get("www-authenticate"));
        assertFalse(denied.headers().containsKey("content-length"));
    }

    @Test
    void aServerErrorASlowAnswerAndNoAnswerAreErrors() throws Exception {
        ExtAuthzResult error = check(client, TestRequest.get("/error"));
        assertEquals(ExtAuthzResult.Kind.ERROR, error.kind());
        assertEquals(403, error.status());
        assertEquals("", error.body());
        ExtAuthzResult slow = check(client, TestRequest.get("/slow"));
        assertEquals(ExtAuthzResult.Kind.ERROR, slow.kind());
        assertTrue(slow.error().contains("700 ms") || slow.error().contains("Timeout"), slow.error());
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (ExtAuthzClient refused = new ExtAuthzClient("http://127.0.0.1:" + closed + "/check", Duration.ofSeconds(2),
                TrustedTls.of(null))) {
            ExtAuthzResult r = check(refused, TestRequest.get("/allow"));
            assertEquals(ExtAuthzResult.Kind.ERROR, r.kind());
            assertTrue(r.error().contains("refused") || r.error().contains("Connect"), r.error());
        }
    }

    @Test
    void httpsTrustsTheConfiguredCaFileAndNothingElse() throws Exception {
        try (ExtAuthzServer.Running tls = ExtAuthzServer.start(true)) {
            String url = tls.base().replace("127.0.0.1", "localhost") + "/check";
            try (ExtAuthzClient trusting = new ExtAuthzClient(url, Duration.ofSeconds(5), TrustedTls.of(JwksServer.caFile().toString()))) {
                assertEquals(ExtAuthzResult.Kind.OK, check(trusting, TestRequest.get("/allow")).kind());
            }
            try (ExtAuthzClient untrusting = new ExtAuthzClient(url, Duration.ofSeconds(5), TrustedTls.of(null))) {
                assertEquals(ExtAuthzResult.Kind.ERROR, check(untrusting, TestRequest.get("/allow")).kind());
            }
        }
    }
}
