package dev.meshguard.it;

import dev.meshguard.testing.JwksServer;
import dev.meshguard.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Istio's and Envoy's behaviour on the request path, on every server line: a rule without an issuer, request
 * principals split into issuer and subject, the CORS preflight bypass, Envoy's token extraction and format checks, the
 * audience failure's 403, and the realm with the query.
 */
class FidelityIT {
    static final String NAMED = "https://named.example";
    private static TestKeys named;
    private static TestKeys anyIssuer;
    private static JwksServer keys;

    @TempDir
    Path policies;

    @BeforeAll
    static void keys() throws Exception {
        named = TestKeys.generate("ES256", "named");
        anyIssuer = TestKeys.generate("RS256", "any");
        keys = JwksServer.http(TestKeys.jwks(anyIssuer));
    }

    @AfterAll
    static void stop() {
        keys.close();
    }

    static String policy() {
        return "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt, namespace: default}\n"
                + "spec:\n  jwtRules:\n  - issuer: " + NAMED + "\n    audiences: [api]\n    jwks: '" + TestKeys.jwks(named) + "'\n"
                + "  - jwksUri: " + keys.jwksUri() + "\n---\n"
                + "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: allow, namespace: default}\n"
                + "spec:\n  rules:\n  - from: [{source: {requestPrincipals: ['*']}}]\n    to: [{operation: {paths: ['/secure*']}}]\n"
                + "  - to: [{operation: {paths: ['/open*']}}]\n  - to: [{operation: {methods: [OPTIONS]}}]\n";
    }

    static String claims(String iss, String sub, String extra) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"iss\":\"" + iss + "\"" + (sub == null ? "" : ",\"sub\":\"" + sub + "\"") + ",\"iat\":" + now
                + ",\"exp\":" + (now + 600) + extra + "}";
    }

    static HttpResponse<String> send(ServerProcess server, String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @MethodSource("dev.meshguard.it.Apps$Line#servers")
    void decidesAsIstioAndEnvoyDo(Apps.Line line) throws Exception {
        Files.writeString(policies.resolve("policies.yaml"), policy());
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, line, false, null,
                Map.of("MESHGUARD_POLICY_PATH", policies.toString()))) {
            String alice = named.sign(claims(NAMED, "alice", ",\"aud\":\"api\""));
            assertEquals(200, send(server, "GET", "/secure/x", "Authorization", "Bearer " + alice).statusCode(), server::output);
            assertEquals(200, send(server, "GET", "/secure/x", "Authorization", "Bearer  " + alice).statusCode(),
                    "Envoy skips what cannot start a token");
            assertEquals(200, send(server, "GET", "/secure/x", "Authorization", "Bearer "
                    + anyIssuer.sign(claims("https://any.example", "carol", ""))).statusCode(), "a rule without an issuer");
            assertEquals(403, send(server, "GET", "/secure/x", "Authorization", "Bearer "
                    + named.sign(claims(NAMED, null, ",\"aud\":\"api\""))).statusCode(), "'*' needs a subject");
            assertEquals(200, send(server, "GET", "/secure/x", "Authorization", "Bearer " + named.sign(
                    claims(NAMED, "alice", ",\"aud\":\"api\"").replaceFirst("\"exp\":(\\d+)", "\"exp\":$1.75"))).statusCode(),
                    "a fractional exp is read as Envoy reads it");

            HttpResponse<String> audience = send(server, "GET", "/secure/x?page=2", "Authorization", "Bearer "
                    + named.sign(claims(NAMED, "alice", ",\"aud\":\"other\"")));
            assertEquals(403, audience.statusCode(), "Envoy answers an audience failure 403");
            assertEquals("Audiences in Jwt are not allowed", audience.body());
            assertEquals("Bearer realm=\"http://127.0.0.1:" + server.port + "/secure/x?page=2\", error=\"invalid_token\"",
                    audience.headers().firstValue("www-authenticate").orElse(""), "the realm keeps the query");

            String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                    + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims(NAMED, "x", "").getBytes()) + ".";
            HttpResponse<String> none = send(server, "GET", "/open/x", "Authorization", "Bearer " + unsigned);
            assertEquals(401, none.statusCode());
            assertEquals("Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections", none.body());

            HttpResponse<String> preflight = send(server, "OPTIONS", "/secure/x", "Origin", "https://app.example",
                    "Access-Control-Request-Method", "POST", "Authorization", "Bearer garbage");
            assertTrue(preflight.statusCode() < 300, "a CORS preflight skips authentication: " + preflight.statusCode());
            assertEquals(401, send(server, "OPTIONS", "/secure/x", "Origin", "https://app.example",
                    "Authorization", "Bearer garbage").statusCode(), "not a preflight without Access-Control-Request-Method");
            String denial = "deny GET /secure/x 403 jwt_authn_access_denied{Audiences_in_Jwt_are_not_allowed}";
            assertTrue(server.printed(denial), server::output);
        }
    }
}
