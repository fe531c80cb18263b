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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What only Spring WebFlux on Reactor Netty has: the Reactor hook and the plain Netty hook both see its requests and
 * exactly one decides each (the metrics count one decision per request, over HTTP/1.1 and h2c); no WebFilter runs for
 * a denied request; the path decided is the one Spring's router matches, and what it would read otherwise is refused;
 * the peer is the socket's even though Reactor applies forwarding headers.
 */
class WebFluxIT {
    @TempDir
    Path policies;

    private ServerProcess start(Apps.Line line, String policy, Map<String, String> env, String... args) throws Exception {
        Files.writeString(policies.resolve("policies.yaml"), policy);
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("MESHGUARD_POLICY_PATH", policies.toString());
        return ServerProcess.start(ServerProcess.JDK17, line, false, null, all, args);
    }

    static List<Apps.Line> lines() {
        return Apps.Line.named("WEBFLUX35", "WEBFLUX40");
    }

    @ParameterizedTest
    @MethodSource("lines")
    void eachRequestIsDecidedOnceBeforeAnyFilter(Apps.Line line) throws Exception {
        int metrics = Http.freePort();
        try (ServerProcess server = start(line, Policies.seed(), Map.of("MESHGUARD_METRICS_PORT", String.valueOf(metrics)),
                "h2c")) {
            HttpResponse<String> page = Http.get(server.url("/productpage"));
            assertEquals(200, page.statusCode(), server::output);
            int hits = Http.hits(page);
            int filterHits = filterHits(page);

            HttpResponse<String> denied = Http.get(server.url("/api/v1/products/0"));
            assertEquals(403, denied.statusCode());
            assertEquals(-1, filterHits(denied), "no WebFilter ran");
            HttpRequest head = HttpRequest.newBuilder(URI.create(server.url("/api/v1/products/0")))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> headDenied = Http.CLIENT.send(head, HttpResponse.BodyHandlers.ofString());
            assertEquals(403, headDenied.statusCode());
            assertEquals("19", headDenied.headers().firstValue("content-length").orElse(""), "the length of the body not sent");
            HttpResponse<String> grpc = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/products/0")))
                    .header("content-type", "application/grpc").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, grpc.statusCode(), "gRPC's trailers-only form");
            assertEquals("7", grpc.headers().firstValue("grpc-status").orElse(""));
            assertEquals("RBAC: access denied", grpc.headers().firstValue("grpc-message").orElse(""));
            assertEquals("", grpc.body());

            // A denied request's body is discarded and the connection goes on; a denial before "100 Continue" closes it.
            String host = "Host: 127.0.0.1:" + server.port + "\r\n";
            List<RawHttp.Response> keptAlive = RawHttp.exchange(server.port, ("POST /api/v1/products/0 HTTP/1.1\r\n" + host
                    + "Content-Length: 10\r\n\r\n0123456789GET /productpage HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII), 5000);
            assertEquals(List.of(403, 200), statuses(keptAlive), server::output);
            List<RawHttp.Response> expecting = RawHttp.exchange(server.port, ("POST /api/v1/products/0 HTTP/1.1\r\n" + host
                    + "Expect: 100-continue\r\nContent-Length: 10\r\n\r\n").getBytes(StandardCharsets.US_ASCII), 5000);
            assertEquals(List.of(403), statuses(expecting));
            assertEquals("close", expecting.get(0).headers().get("connection"), "the body was never asked for");

            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            HttpResponse<String> upgraded = h2.send(HttpRequest.newBuilder(URI.create(server.url("/productpage")))
                    .header("x-jwt-sub", "spoofed").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, upgraded.statusCode());
            assertFalse(upgraded.body().contains("spoofed"), upgraded.body());
            HttpResponse<String> stream = h2.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/products/0")))
                    .header("Authorization", "Bearer " + Policies.demoToken()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, stream.version());
            assertEquals(200, stream.statusCode());
            assertTrue(stream.body().contains("x-jwt-sub: testing@secure.istio.io\n"), stream.body());
            assertFalse(stream.body().contains("authorization:"), "Spring's request headers show the change: " + stream.body());

            assertEquals(hits + 3, Http.hits(stream), "only the allowed requests reached the router");
            assertEquals(filterHits + 3, filterHits(stream), "and the WebFilter");
            assertEquals(9, Http.decisions(metrics), "nine requests, each decided once");
        }
    }

    /** The policy of the path tests: a DENY on {@code /admin} and below, everything else allowed. */
    static final String DENY_ADMIN = "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
            + "metadata: {name: deny-admin, namespace: default}\nspec:\n  action: DENY\n"
            + "  rules: [{to: [{operation: {paths: [/admin, '/admin/*']}}]}]\n";

    /** A raw request and the status Meshguard must give it; 200 means the router gets it, on {@code routed}. */
    record Attempt(String target, int status, String routed, String... headers) { }

    static List<Attempt> attempts(int port) {
        return List.of(
                new Attempt("/admin", 403, null),
                new Attempt("/admin;jsessionid=1", 403, null),
                new Attempt("/admin/x;v=1", 403, null),
                new Attempt("/ad;x/min", 200, "/ad/min"),
                new Attempt("/%61dmin", 403, null),
                new Attempt("/adm%69n/x", 403, null),
                new Attempt("/admin%3B", 200, "/admin;"),
                new Attempt("/ADMIN", 200, "/ADMIN"),
                new Attempt("//admin", 200, "//admin"),
                new Attempt("/public?next=/../admin", 200, "/public"),
                new Attempt("/x/../admin", 400, null),
                new Attempt("/x/%2e%2e/admin", 400, null),
                new Attempt("/x/.%2E/admin", 400, null),
                new Attempt("/x/..;/admin", 400, null),
                new Attempt("/admin/.", 400, null),
                new Attempt("/admin%2Fx", 400, null),
                new Attempt("/x%2f..%2fadmin", 400, null),
                new Attempt("/x%5C..%5Cadmin", 400, null),
                new Attempt("/admin%00", 400, null),
                new Attempt("/admin%0A", 400, null),
                new Attempt("/adm\u00edn", 400, null),
                new Attempt("*", 400, null),
                new Attempt("http://127.0.0.1:" + port + "/admin", 403, null),
                new Attempt("http://127.0.0.1:" + port + "/public", 200, "/public"),
                new Attempt("http://other.example/public", 400, null),
                new Attempt("/public", 400, null, "X-Forwarded-Prefix: /admin"),
                new Attempt("/public", 200, "/public", "X-Forwarded-For: 10.0.0.1", "X-Forwarded-Host: admin.example"));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void decidesOnThePathTheRouterMatches(Apps.Line line) throws Exception {
        try (ServerProcess server = start(line, DENY_ADMIN, Map.of())) {
            List<String> wrong = new ArrayList<>();
            for (Attempt a : attempts(server.port)) {
                StringBuilder req = new StringBuilder("GET ").append(a.target()).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                        .append(server.port).append("\r\n");
                for (String h : a.headers()) {
                    req.append(h).append("\r\n");
                }
                req.append("Connection: close\r\n\r\n");
                List<RawHttp.Response> r = RawHttp.exchange(server.port, req.toString().getBytes(StandardCharsets.ISO_8859_1), 5000);
                String routed = r.isEmpty() ? null : r.get(0).headers().get("x-routed-path");
                if (r.isEmpty() || r.get(0).status() != a.status()
                        || (a.status() == 200 ? !a.routed().equals(routed) : r.get(0).reachedApplication())) {
                    wrong.add(a.target() + " " + List.of(a.headers()) + " -> " + (r.isEmpty() ? "nothing"
                            : r.get(0).status() + " routed " + routed));
                }
                if (a.status() == 400 && !r.isEmpty() && !"meshguard: ambiguous path".equals(r.get(0).body())) {
                    wrong.add(a.target() + ": refused by the server itself, not Meshguard: " + r.get(0).body());
                }
            }
            assertTrue(wrong.isEmpty(), () -> line + ": " + wrong + "\n" + server.output());
            String denial = "deny GET /admin 403 rbac_access_denied_matched_policy[ns[default]-policy[deny-admin]-rule[0]]"
                    + " as the server routes it";
            assertTrue(server.printed(denial),
                    () -> "/admin;jsessionid=1 is denied on the router's reading\n" + server.output());
        }
    }

    @ParameterizedTest
    @MethodSource("lines")
    void thePeerIsTheSocketWhateverTheForwardingHeadersSay(Apps.Line line) throws Exception {
        String policy = "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: inside, namespace: default}\n"
                + "spec:\n  rules:\n  - from: [{source: {ipBlocks: [10.0.0.0/8]}}]\n  - to: [{operation: {paths: [/public]}}]\n";
        try (ServerProcess server = start(line, policy, Map.of())) {
            assertEquals(200, Http.get(server.url("/public")).statusCode(), server::output);
            assertEquals(403, Http.get(server.url("/inside"), "X-Forwarded-For", "10.1.2.3").statusCode(),
                    "Reactor takes the client address from X-Forwarded-For; Meshguard does not");
            assertEquals(403, Http.get(server.url("/inside"), "Forwarded", "for=10.1.2.3;proto=https").statusCode());
        }
    }

    private static int filterHits(HttpResponse<?> r) {
        return Integer.parseInt(r.headers().firstValue("X-Filter-Hits").orElse("-1"));
    }

    private static List<Integer> statuses(List<RawHttp.Response> answers) {
        List<Integer> out = new ArrayList<>();
        for (RawHttp.Response r : answers) {
            out.add(r.status());
        }
        return out;
    }
}
