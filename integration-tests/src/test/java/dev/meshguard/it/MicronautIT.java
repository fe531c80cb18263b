package dev.meshguard.it;

import dev.meshguard.testing.ExtAuthzServer;
import dev.meshguard.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is particular to Micronaut: the path its router matches (the raw path, and that path without one trailing
 * slash) is what the policies see, and what it would read otherwise is refused with 400, never routed past a DENY;
 * each request is decided once, although the plain Netty hook is woven too and, with micronaut-websocket, two of
 * Micronaut's handlers see each request; a request held for the external authorizer resumes through both.
 */
class MicronautIT {
    @TempDir
    Path dir;

    private ServerProcess start(Apps.Line line, String policy, Map<String, String> env, String... appArgs) throws Exception {
        Path policies = Files.createTempDirectory(dir, "p");
        Files.writeString(policies.resolve("policies.yaml"), policy);
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("MESHGUARD_POLICY_PATH", policies.toString());
        return ServerProcess.start(ServerProcess.JDK17, line, false, null, all, appArgs);
    }

    static String deny(String name, String paths) {
        return "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: " + name
                + ", namespace: default}\nspec:\n  action: DENY\n  rules: [{to: [{operation: {paths: " + paths + "}}]}]\n";
    }

    /** A raw request, and what must come of it: a status, and for a 200 the path the router matched. */
    record Case(String request, int status, String routed) { }

    static Case get(String target, int status) {
        return new Case("GET " + target + " HTTP/1.1", status, null);
    }

    static List<Case> pathCases() {
        return List.of(
                get("/admin/foo", 403),
                get("/admin/foo/", 403),                    // the router matches /admin/foo
                get("/admin/foo?x=1", 403),
                get("/admin/foo/?x=1", 403),
                get("http://other.example/admin/foo", 403), // absolute form: the router matches /admin/foo
                get("/secret/", 403),
                get("/admin/%66oo", 400),                   // Envoy reads /admin/foo, the router /admin/%66oo
                get("/%61dmin/foo", 400),
                get("/admin/./foo", 400),
                get("/x/../admin/foo", 400),
                get("/admin/foo/..", 400),
                get("/x/%2e%2e/admin/foo", 400),
                get("/admin/foo#x", 400),                   // Envoy drops the fragment, Micronaut routes on it
                get("/admin/a%2Fb", 400),                   // decoded into a path variable after matching
                get("/admin%2ffoo", 400),
                get("/admin/a%5Cb", 400),
                get("/admin/f|oo", 400),                    // java.net.URI refuses it; Micronaut would run the filters
                get("/admin/f%zzoo", 400),
                new Case("get /admin/foo HTTP/1.1", 400, null), // Micronaut upper-cases it and routes it as GET
                new Case("Get /public/x HTTP/1.1", 400, null),
                new Case("OPTIONS * HTTP/1.1", 400, null),
                get("//admin/foo", 200, "//admin/foo"),      // as Envoy keeps it, and what the router matches
                get("/admin/foo//", 200, "/admin/foo//"),
                get("/admin/foo;x=1", 200, "/admin/foo;x=1"),
                get("/public/a%20b", 200, "/public/a%20b"),
                get("/public/x/", 200, "/public/x/"));
    }

    static Case get(String target, int status, String routed) {
        return new Case("GET " + target + " HTTP/1.1", status, routed);
    }

    @Test
    void thePoliciesSeeThePathTheRouterMatchesOrTheRequestIsRefused() throws Exception {
        String policy = deny("deny-exact", "[/admin/foo]").substring(4) + deny("deny-prefix", "['/secret*']");
        try (ServerProcess server = start(Apps.Line.MICRONAUT, policy, Map.of())) {
            String host = "Host: 127.0.0.1:" + server.port + "\r\n";
            List<String> wrong = new ArrayList<>();
            int allowed = 0;
            for (Case c : pathCases()) {
                List<RawHttp.Response> answers = RawHttp.exchange(server.port,
                        (c.request() + "\r\n" + host + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), 5000);
                RawHttp.Response r = answers.isEmpty() ? new RawHttp.Response(0, Map.of(), "") : answers.get(0);
                String routed = r.headers().get("x-routed-path");
                if (r.status() != c.status() || (c.status() == 200) != r.reachedApplication()
                        || (c.status() != 200) == r.headers().containsKey("x-filter-hits")
                        || (c.routed() != null && !c.routed().equals(routed))) {
                    wrong.add(c.request() + " -> " + r.status() + " " + r.headers());
                }
                allowed += r.reachedApplication() ? 1 : 0;
            }
            HttpResponse<String> last = Http.get(server.url("/public/last"));
            assertTrue(wrong.isEmpty(), () -> wrong + "\n" + server.output());
            assertEquals(allowed + 1, Http.hits(last), "only the allowed requests reached a route");
            assertEquals(String.valueOf(allowed + 1), last.headers().firstValue("X-Filter-Hits").orElse(""),
                    "and the application's filter");
            String log = server.output();
            assertTrue(log.contains("deny GET /admin/foo 403 rbac_access_denied_matched_policy[ns[default]-policy[deny-exact]"), log);
            assertTrue(log.contains("deny get /admin/foo 400 meshguard_ambiguous_path"), log);
        }
    }

    @Test
    void aDenialIsFramedAsTheServersOwnAnswersAndItsBodyDiscarded() throws Exception {
        try (ServerProcess server = start(Apps.Line.MICRONAUT, deny("deny", "['/admin*']").substring(4), Map.of())) {
            String host = "Host: 127.0.0.1:" + server.port + "\r\n";
            String head = text(server.port, "HEAD /admin HTTP/1.1\r\n" + host + "\r\nGET /public/after-head HTTP/1.1\r\n" + host
                    + "Connection: close\r\n\r\n", 0);
            assertTrue(head.startsWith("HTTP/1.1 403 Forbidden\r\n"), head);
            assertTrue(head.contains("content-length: 19\r\n"), "the length of the body a GET would get: " + head);
            String afterHead = head.substring(head.indexOf("\r\n\r\n") + 4);
            assertTrue(afterHead.startsWith("HTTP/1.1 200 OK\r\n"), "no body after the HEAD answer: " + head);

            List<RawHttp.Response> posted = RawHttp.exchange(server.port, ("POST /admin HTTP/1.1\r\n" + host
                    + "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"
                    + "GET /public/after-post HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), 5000);
            assertEquals(List.of(403, 200), List.of(posted.get(0).status(), posted.get(1).status()), posted.toString());
            assertEquals("RBAC: access denied", posted.get(0).body());
            assertEquals("/public/after-post", posted.get(1).headers().get("x-routed-path"), "the body was not read as a request");

            // a body still arriving is not read to its end: the connection closes after the answer
            String streaming = text(server.port, "POST /admin HTTP/1.1\r\n" + host + "Content-Type: text/plain\r\n"
                    + "Content-Length: 100000000\r\n\r\n", 200_000);
            assertTrue(streaming.startsWith("HTTP/1.1 403 Forbidden\r\n"), streaming);
            assertTrue(streaming.contains("connection: close\r\n"), streaming);
            assertEquals(2, Http.hits(Http.get(server.url("/public/x"))) - 1, "only the two allowed requests ran before");
        }
    }

    /** Writes {@code request} and {@code bodyBytes} bytes of body, and reads what comes back until closed or silent. */
    private static String text(int port, String request, int bodyBytes) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(3000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[8192];
            for (int sent = 0; sent < bodyBytes; sent += chunk.length) {
                s.getOutputStream().write(chunk);
            }
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            try {
                int n;
                while ((n = in.read(chunk)) > 0) {
                    buf.write(chunk, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException quietOrReset) {
                // what arrived is the answer
            }
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    static Stream<Arguments> protocols() {
        return Stream.of(Arguments.of(Apps.Line.MICRONAUT, "h2c"), Arguments.of(Apps.Line.MICRONAUT, "h2c-legacy"),
                Arguments.of(Apps.Line.MICRONAUT_WEBSOCKET, "h2c"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("protocols")
    void eachRequestIsDecidedOnceOverHttp1AndHttp2(Apps.Line line, String mode) throws Exception {
        int metricsPort = freePort();
        String token = Policies.demoToken();
        try (ServerProcess server = start(line, Policies.seed(), Map.of("MESHGUARD_METRICS_PORT", String.valueOf(metricsPort)), mode)) {
            int sent = 0;
            for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
                HttpClient client = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
                HttpResponse<String> page = send(client, server.url("/productpage"));
                assertEquals(200, page.statusCode(), server::output);
                int filterHits = Integer.parseInt(page.headers().firstValue("X-Filter-Hits").orElse("-1"));
                HttpResponse<String> api = send(client, server.url("/api/v1/products/0"));
                assertEquals(version, api.version(), "h2c upgrades the connection, and later requests are streams");
                assertEquals(403, api.statusCode());
                assertEquals(400, send(client, server.url("/%61pi/v1/products/0")).statusCode());
                HttpResponse<String> allowed = send(client, server.url("/api/v1/products/0"), "Authorization", "Bearer " + token,
                        "x-jwt-sub", "spoofed");
                assertEquals(200, allowed.statusCode(), server::output);
                assertTrue(allowed.body().contains("x-jwt-sub: testing@secure.istio.io\n"), allowed.body());
                assertFalse(allowed.body().contains("authorization:") || allowed.body().contains("spoofed"), allowed.body());
                assertEquals(String.valueOf(filterHits + 1), allowed.headers().firstValue("X-Filter-Hits").orElse(""),
                        "the refused requests never reached the filter");
                sent += 4;
            }
            String metrics = Http.get("http://127.0.0.1:" + metricsPort + "/metrics").body();
            assertEquals(sent, sum(metrics, "meshguard_requests_total"), metrics);
            assertEquals(sent, sum(metrics, "meshguard_decision_seconds_count"), metrics);
            assertTrue(server.output().contains("hooked io.netty.channel.DefaultChannelPipeline (netty)"),
                    "the plain Netty hook is woven too, and stands aside: " + server.output());
            if (line == Apps.Line.MICRONAUT_WEBSOCKET) {
                assertTrue(server.output().contains("hooked io.micronaut.http.server.netty.websocket.NettyServerWebSocketUpgradeHandler"),
                        server.output());
            }
        }
    }

    @Test
    void aRequestHeldForTheAuthorizerResumesThroughBothHandlersWithoutBlockingTheLoop() throws Exception {
        String policy = "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ext, namespace: default}\n"
                + "spec:\n  action: CUSTOM\n  provider: {name: my-authz}\n"
                + "  rules: [{to: [{operation: {paths: ['/wait2s*', '/allow*', '/deny*']}}]}]\n";
        int metricsPort = freePort();
        try (ExtAuthzServer.Running authorizer = ExtAuthzServer.start(false);
             ServerProcess server = start(Apps.Line.MICRONAUT_WEBSOCKET, policy, Map.of("MESHGUARD_EXTAUTHZ_URL",
                     authorizer.base() + "/check", "MESHGUARD_EXTAUTHZ_TIMEOUT", "5s",
                     "MESHGUARD_METRICS_PORT", String.valueOf(metricsPort)), "h2c")) {
            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();
            assertEquals(200, send(h2, server.url("/productpage")).statusCode(), server::output);
            long slowStart = System.nanoTime();
            CompletableFuture<HttpResponse<String>> slow = h2.sendAsync(HttpRequest.newBuilder(URI.create(server.url("/wait2s")))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                HttpResponse<String> other = send(h2, server.url("/productpage"));
                assertEquals(200, other.statusCode());
                assertEquals(HttpClient.Version.HTTP_2, other.version(), "a stream of the same connection");
                millis.add((System.nanoTime() - t) / 1_000_000);
            }
            assertFalse(slow.isDone(), "the held request still waits for the authorizer");
            Collections.sort(millis);
            assertTrue(millis.get(2) < 200, "answered while another stream waits: " + millis + " ms");
            HttpResponse<String> waited = slow.get();
            assertEquals(200, waited.statusCode(), server::output);
            assertEquals("/wait2s", waited.headers().firstValue("X-Routed-Path").orElse(""));
            assertTrue((System.nanoTime() - slowStart) / 1_000_000 >= 1900, "it did wait for the authorizer");

            HttpResponse<String> removed = send(h2, server.url("/allow-and-remove"), "x-secret", "s3cret", "x-kept", "k");
            assertEquals(200, removed.statusCode());
            assertFalse(removed.body().contains("s3cret"), "the authorizer's header change is applied on resume");
            assertTrue(removed.body().contains("x-kept: k"), removed.body());
            HttpResponse<String> denied = send(h2, server.url("/deny-length"));
            assertEquals(401, denied.statusCode());
            assertEquals("who are you", denied.body());
            assertEquals(-1, Http.hits(denied));
            String metrics = Http.get("http://127.0.0.1:" + metricsPort + "/metrics").body();
            assertEquals(9, sum(metrics, "meshguard_requests_total"), "each decided once: " + metrics);
        }
    }

    /**
     * JWT verification runs on the event loop: a first-seen token's signature is checked there, inside the decision,
     * and later requests with the same token hit the cache. Prints what that costs per request (ES256 and ES512).
     */
    @Test
    void aFirstSeenTokenIsVerifiedOnTheEventLoop() throws Exception {
        TestKeys es256 = TestKeys.generate("ES256", "es256");
        TestKeys es512 = TestKeys.generate("ES512", "es512");
        String policy = "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt, namespace: default}\n"
                + "spec:\n  jwtRules:\n  - issuer: https://issuer.example\n    jwks: '" + TestKeys.jwks(es256, es512) + "'\n";
        int metricsPort = freePort();
        try (ServerProcess server = start(Apps.Line.MICRONAUT, policy, Map.of("MESHGUARD_METRICS_PORT", String.valueOf(metricsPort)))) {
            assertEquals(200, Http.get(server.url("/warm-up")).statusCode(), server::output);
            String metricsUrl = "http://127.0.0.1:" + metricsPort + "/metrics";
            StringBuilder report = new StringBuilder("Micronaut, decision time per request on the event loop:");
            for (TestKeys keys : List.of(es256, es512, es256, es512)) {
                double[] before = seconds(Http.get(metricsUrl).body());
                int n = 40;
                for (int i = 0; i < n; i++) {
                    String token = keys.sign(TestKeys.claims("https://issuer.example", "user-" + i + "-" + System.nanoTime(), ""));
                    assertEquals(200, Http.get(server.url("/fresh"), "Authorization", "Bearer " + token).statusCode());
                }
                double[] fresh = seconds(Http.get(metricsUrl).body());
                String cached = keys.sign(TestKeys.claims("https://issuer.example", "cached", ""));
                for (int i = 0; i <= n; i++) {
                    assertEquals(200, Http.get(server.url("/cached"), "Authorization", "Bearer " + cached).statusCode());
                }
                double[] after = seconds(Http.get(metricsUrl).body());
                report.append(String.format(" %s first-seen %.2f ms, cached %.3f ms;", keys.alg,
                        1000 * (fresh[0] - before[0]) / (fresh[1] - before[1]), 1000 * (after[0] - fresh[0]) / (after[1] - fresh[1])));
            }
            System.out.println(report);
        }
    }

    private static HttpResponse<String> send(HttpClient client, String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** The sum of a metric's samples, whatever their labels. */
    static long sum(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\d+)").matcher(metrics);
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(2));
        }
        return total;
    }

    /** meshguard_decision_seconds_sum and _count. */
    static double[] seconds(String metrics) {
        Matcher sum = Pattern.compile("(?m)^meshguard_decision_seconds_sum (\\S+)").matcher(metrics);
        Matcher count = Pattern.compile("(?m)^meshguard_decision_seconds_count (\\S+)").matcher(metrics);
        assertTrue(sum.find() && count.find(), metrics);
        return new double[] {Double.parseDouble(sum.group(1)), Double.parseDouble(count.group(1))};
    }
}
