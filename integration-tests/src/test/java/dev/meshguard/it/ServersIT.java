package dev.meshguard.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every supported server line in a child JVM with the built agent jar, on JDK 17 and (where installed) 25. */
class ServersIT {
    @TempDir
    Path policies;

    static Stream<Arguments> servers() {
        List<Arguments> out = new ArrayList<>();
        for (String jdk : ServerProcess.jdks()) {
            for (Apps.Line line : Apps.Line.servers()) {
                out.add(Arguments.of(line, jdk));
            }
        }
        return out.stream();
    }

    private ServerProcess start(Apps.Line line, String jdk) throws Exception {
        return ServerProcess.start(jdk, line, false, null, Map.of("MESHGUARD_POLICY_PATH", policies.toString(),
                "MESHGUARD_RELOAD_INTERVAL", "200ms"));
    }

    /**
     * One server per line and JDK goes through a workload's life: it starts on a broken policy file (every request
     * refused 503, the application never runs), is repaired by a reload, enforces the seed scenario, takes a new
     * policy while requests run, and keeps it when a broken file replaces it.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("servers")
    void failsClosedThenEnforcesTheSeedScenarioAndReloads(Apps.Line line, String jdk) throws Exception {
        Path file = policies.resolve("policies.yaml");
        Files.writeString(file, Policies.seed().replace("notPaths", "notPathz"));
        try (ServerProcess server = start(line, jdk)) {
            failsClosedOnABrokenPolicyAtStart(server);
            Policies.replace(file, Policies.seed());
            server.awaitStatus("/productpage", 200);
            enforcesTheSeedScenario(line, server);
            reloadsPoliciesWhileRequestsRun(server, file);
        }
    }

    private static void failsClosedOnABrokenPolicyAtStart(ServerProcess server) throws Exception {
        HttpResponse<String> r = Http.get(server.url("/productpage"));
        assertEquals(503, r.statusCode(), server::output);
        assertEquals("meshguard: policies.yaml doc 1 AuthorizationPolicy istio-system/require-jwt: "
                + "spec.rules[0].to[0].operation.notPathz: unknown field", r.body());
        assertEquals(-1, Http.hits(r), "the application never ran");
    }

    private static void enforcesTheSeedScenario(Apps.Line line, ServerProcess server) throws Exception {
        String token = Policies.demoToken();
        HttpResponse<String> page = Http.get(server.url("/productpage"));
        assertEquals(200, page.statusCode(), server::output);
        int hits = Http.hits(page);

        HttpResponse<String> api = Http.get(server.url("/api/v1/products/0"));
        assertEquals(403, api.statusCode());
        assertEquals("RBAC: access denied", api.body());
        assertEquals("text/plain", api.headers().firstValue("Content-Type").orElse(""));
        assertEquals(String.valueOf(api.body().length()), api.headers().firstValue("Content-Length").orElse(""));

        HttpResponse<String> bad = Http.get(server.url("/productpage"), "Authorization", "Bearer " + Policies.tampered(token));
        assertEquals(401, bad.statusCode());
        assertEquals("Jwt verification fails", bad.body());
        assertEquals("Bearer realm=\"http://127.0.0.1:" + server.port + "/productpage\", error=\"invalid_token\"",
                bad.headers().firstValue("WWW-Authenticate").orElse(""));

        HttpResponse<String> traversal = Http.get(server.url("/productpage/../api/v1/products/0"));
        assertTrue(traversal.statusCode() == 403 || traversal.statusCode() == 400,
                "refused, never routed past the policy: " + traversal.statusCode());
        HttpResponse<String> encoded = Http.get(server.url("/%61pi/v1/products/0"));
        assertEquals(line.routesOnRawPath() ? 400 : 403, encoded.statusCode(),
                "Istio's 403; 400 where the application would route on the raw /%61pi");
        HttpResponse<String> params = Http.get(server.url("/productpage;jsessionid=x"));
        assertEquals(403, params.statusCode(), "Envoy matches the :path with its parameter, which is not /productpage");

        HttpResponse<String> withToken = Http.get(server.url("/api/v1/products/0"), "Authorization", "Bearer " + token,
                "x-jwt-sub", "spoofed");
        assertEquals(200, withToken.statusCode());
        assertEquals(hits + 1, Http.hits(withToken), "only the allowed requests reached the application");
        assertFalse(withToken.body().contains("authorization:"), "the token is removed before the app sees it");
        assertTrue(withToken.body().contains("x-jwt-sub: testing@secure.istio.io\n"), withToken.body());
        assertFalse(withToken.body().contains("spoofed"));

        String out = server.output();
        assertTrue(out.contains("Meshguard 0.1.0 enforce on "), out);
        assertTrue(out.contains("deny GET /api/v1/products/0 403 rbac_access_denied_matched_policy[ns[istio-system]-"
                + "policy[require-jwt]-rule[0]] as Envoy reads it (DENY istio-system/require-jwt rule 0)"), out);
        assertTrue(out.contains("deny GET /productpage 401 jwt_authn_access_denied{Jwt_verification_fails}"), out);
        assertFalse(out.contains(token.substring(token.lastIndexOf('.') + 1)), "the token is never logged");
    }

    private static void reloadsPoliciesWhileRequestsRun(ServerProcess server, Path file) throws Exception {
        Policies.replace(file, Policies.seed() + Policies.denyPath("/productpage"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        int status;
        do {
            status = Http.get(server.url("/productpage")).statusCode();
            assertTrue(status == 200 || status == 403, "only the old or the new policy: " + status);
        } while (status != 403 && System.nanoTime() < deadline);
        assertEquals(403, status, server::output);

        Files.writeString(file, "not: [valid");
        Thread.sleep(1000);
        assertEquals(403, Http.get(server.url("/productpage")).statusCode(), "a broken file keeps the last good policy");
        String rejected = "policy version rejected, the last good version stays in force";
        assertTrue(server.printed(rejected), server::output);
    }

}
