package dev.meshguard.jwt;

import dev.meshguard.policy.PolicyException;
import dev.meshguard.policy.PolicyFiles;
import dev.meshguard.policy.PolicyLoader;
import dev.meshguard.policy.RequestAuthentication;
import dev.meshguard.testing.JwksServer;
import dev.meshguard.testing.TestKeys;
import dev.meshguard.testing.TestRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwtAuthenticatorTest {
    private static final String ISS = "https://issuer.example";
    private final JwksFetcher fetcher = new JwksFetcher(Duration.ofMinutes(20), null);

    @AfterEach
    void close() {
        fetcher.close();
    }

    static List<RequestAuthentication> policies(String jwtRulesYaml) throws PolicyException {
        String yaml = "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt, namespace: foo}\n"
                + "spec:\n  jwtRules:\n" + jwtRulesYaml;
        return new PolicyLoader("foo").load(PolicyFiles.of(List.of(PolicyFiles.entry("ra.yaml",
                yaml.getBytes(StandardCharsets.UTF_8))))).requestAuthentications();
    }

    private JwtAuthenticator inline(String jwks, String extraRuleYaml) throws PolicyException {
        return JwtAuthenticator.compile(policies("  - issuer: " + ISS + "\n    jwks: '" + jwks + "'\n" + extraRuleYaml),
                fetcher, Duration.ofSeconds(60));
    }

    static List<String> algorithms() { return TestKeys.ALGORITHMS; }

    @ParameterizedTest
    @MethodSource("algorithms")
    void verifiesEveryAlgorithmWithARealKey(String alg) throws Exception {
        TestKeys key = TestKeys.generate(alg, "k1");
        JwtAuthenticator auth = inline(TestKeys.jwks(key), "");
        String token = key.sign(TestKeys.claims(ISS, "alice", "\"aud\":[\"a\",\"b\"],\"azp\":\"web\""));
        AuthResult r = auth.authenticate(TestRequest.get("/").bearer(token));
        assertEquals(AuthResult.Outcome.AUTHENTICATED, r.outcome(), r::toString);
        assertEquals(ISS + "/alice", r.identity().principal());
        assertEquals(List.of("a", "b"), r.identity().audiences());
        assertEquals("web", r.identity().presenter());

        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertEquals("Jwt verification fails", inline(TestKeys.jwks(key), "").authenticate(
                TestRequest.get("/").bearer(tampered)).status().message());
    }

    @Test
    void theHeaderAlgCannotPickAnotherFamilyThanTheKeys() throws Exception {
        TestKeys rsa = TestKeys.generate("RS256", "k1");
        TestKeys hmac = TestKeys.generate("HS256", "k1");
        JwtAuthenticator auth = inline(TestKeys.jwks(rsa), "");
        String forged = hmac.sign(TestKeys.claims(ISS, "mallory", ""));
        assertEquals("Jwks doesn't have key to match kid or alg from Jwt",
                auth.authenticate(TestRequest.get("/").bearer(forged)).status().message());
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(TestKeys.claims(ISS, "m", "").getBytes()) + ".";
        assertEquals("Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections",
                auth.authenticate(TestRequest.get("/").bearer(unsigned)).status().message(),
                "as in Envoy, an unsigned token has no third section, which is a format error before its alg is read");
    }

    @Test
    void defaultLocationsAreTheBearerHeaderAndTheAccessTokenParameter() throws Exception {
        TestKeys key = TestKeys.generate("RS256", "k1");
        JwtAuthenticator auth = inline(TestKeys.jwks(key), "");
        String token = key.sign(TestKeys.claims(ISS, "alice", ""));
        assertEquals(AuthResult.Outcome.AUTHENTICATED, auth.authenticate(TestRequest.get("/").bearer(token)).outcome());
        AuthResult fromHeader = auth.authenticate(TestRequest.get("/").bearer(token));
        assertEquals(List.of("Authorization"), fromHeader.mutation().remove(), "a cached token still has its header removed");
        AuthResult fromQuery = auth.authenticate(TestRequest.get("/p?x=1&access_token=" + token));
        assertEquals(AuthResult.Outcome.AUTHENTICATED, fromQuery.outcome());
        assertEquals(List.of(), fromQuery.mutation().remove(), "found elsewhere, nothing to remove");
        assertEquals(List.of("Authorization"), auth.authenticate(TestRequest.get("/").bearer(token)).mutation().remove());
        assertEquals(AuthResult.Outcome.NO_TOKEN,
                auth.authenticate(TestRequest.get("/").header("Authorization", "bearer " + token)).outcome(), "prefix is case-sensitive");
        assertEquals(AuthResult.Outcome.NO_TOKEN, auth.authenticate(TestRequest.get("/")).outcome());
        assertEquals("Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections",
                auth.authenticate(TestRequest.get("/").bearer("not-a-jwt")).status().message());
    }

    @Test
    void customHeaderParamAndCookieLocationsReplaceTheDefaults() throws Exception {
        TestKeys key = TestKeys.generate("ES256", "k1");
        JwtAuthenticator auth = inline(TestKeys.jwks(key),
                "    fromHeaders: [{name: x-jwt-assertion, prefix: 'Token '}]\n    fromParams: [my_token]\n    fromCookies: [session]\n");
        String token = key.sign(TestKeys.claims(ISS, "alice", ""));
        assertEquals(AuthResult.Outcome.AUTHENTICATED,
                auth.authenticate(TestRequest.get("/").header("X-JWT-Assertion", "Token " + token)).outcome());
        assertEquals(AuthResult.Outcome.AUTHENTICATED, auth.authenticate(TestRequest.get("/?my_token=" + token)).outcome());
        assertEquals(AuthResult.Outcome.AUTHENTICATED,
                auth.authenticate(TestRequest.get("/").header("Cookie", "a=b; session=" + token + "; c=d")).outcome());
        assertEquals(AuthResult.Outcome.NO_TOKEN, auth.authenticate(TestRequest.get("/").bearer(token)).outcome(),
                "the default location no longer applies");
    }

    @Test
    void aTokenFromAnUnconfiguredIssuerIsRejected() throws Exception {
        TestKeys key = TestKeys.generate("RS256", "k1");
        JwtAuthenticator auth = inline(TestKeys.jwks(key), "");
        assertEquals("Jwt issuer is not configured", auth.authenticate(TestRequest.get("/")
                .bearer(key.sign(TestKeys.claims("https://other.example", "alice", "")))).status().message());
    }

    @Test
    void timeClaimsAreCheckedWithClockSkew() throws Exception {
        TestKeys key = TestKeys.generate("RS256", "k1");
        JwtAuthenticator auth = inline(TestKeys.jwks(key), "");
        long now = System.currentTimeMillis() / 1000;
        String base = "\"iss\":\"" + ISS + "\",\"sub\":\"a\"";
        assertEquals("Jwt is expired", failure(auth, key.sign("{" + base + ",\"exp\":" + (now - 120) + "}")));
        assertNull(failure(auth, key.sign("{" + base + ",\"exp\":" + (now - 30) + "}")), "within 60 s skew");
        assertEquals("Jwt not yet valid", failure(auth, key.sign("{" + base + ",\"nbf\":" + (now + 120) + "}")));
        assertNull(failure(auth, key.sign("{" + base + ",\"nbf\":" + (now + 30) + "}")));
        assertNull(failure(auth, key.sign("{" + base + "}")), "no exp is accepted, as in Envoy");
        assertEquals("Jwt payload [exp] field is not an integer", failure(auth, key.sign("{" + base + ",\"exp\":\"soon\"}")));
        assertEquals("Jwt is expired", failure(auth, key.sign("{" + base + ",\"exp\":1.5}")), "as in Envoy, a fraction is dropped");
        assertNull(failure(auth, key.sign("{" + base + ",\"exp\":" + (now + 600) + ".9}")), "a fractional expiry ahead is valid");
        assertEquals("Jwt payload [exp] field is not a positive 64 bit integer", failure(auth, key.sign("{" + base + ",\"exp\":-1}")));
        assertEquals("Jwt payload [nbf] field is not a positive 64 bit integer",
                failure(auth, key.sign("{" + base + ",\"nbf\":99999999999999999999999}")));
        assertEquals("Jwt payload [iat] field is not an integer", failure(auth, key.sign("{" + base + ",\"iat\":true}")));
        assertEquals("Jwt payload [iss] field is not a string", failure(auth, key.sign("{\"iss\":1}")));
        assertEquals("Jwt payload is an invalid JSON", failure(auth, key.sign("[1,2]")));
    }

    @Test
    void audiencesMatchAnyIgnoringSchemeAndTrailingSlash() throws Exception {
        TestKeys key = TestKeys.generate("RS256", "k1");
        JwtAuthenticator auth = inline(TestKeys.jwks(key), "    audiences: [bookstore.example.com, https://api.example/]\n");
        assertNull(failure(auth, key.sign(TestKeys.claims(ISS, "a", "\"aud\":\"https://bookstore.example.com/\""))));
        assertNull(failure(auth, key.sign(TestKeys.claims(ISS, "a", "\"aud\":[\"x\",\"api.example\"]"))));
        assertEquals("Audiences in Jwt are not allowed", failure(auth, key.sign(TestKeys.claims(ISS, "a", "\"aud\":\"other\""))));
        assertEquals("Audiences in Jwt are not allowed", failure(auth, key.sign(TestKeys.claims(ISS, "a", ""))));
        assertEquals("Jwt payload [aud] field is not a string or string list",
                failure(auth, key.sign(TestKeys.claims(ISS, "a", "\"aud\":[1]"))));
    }

    @Test
    void headerChangesFollowTheRuleAndSpoofedOutputHeadersAreAlwaysRemoved() throws Exception {
        TestKeys key = TestKeys.generate("RS256", "k1");
        String rule = "    outputPayloadToHeader: x-jwt-payload\n"
                + "    outputClaimToHeaders: [{header: x-sub, claim: sub}, {header: x-team, claim: org.team},"
                + " {header: x-admin, claim: admin}, {header: x-level, claim: level}, {header: x-list, claim: groups}]\n";
        JwtAuthenticator auth = inline(TestKeys.jwks(key), rule);
        String claims = TestKeys.claims(ISS, "alice", "\"org\":{\"team\":\"blue\"},\"admin\":true,\"level\":3,\"groups\":[\"g\"]");
        String token = key.sign(claims);
        AuthResult r = auth.authenticate(TestRequest.get("/").bearer(token).header("x-sub", "spoofed"));
        assertTrue(r.mutation().remove().containsAll(List.of("x-jwt-payload", "x-sub", "x-team", "Authorization")), r.mutation().remove()::toString);
        assertEquals(Map.of("x-jwt-payload", token.split("\\.")[1], "x-sub", "alice", "x-team", "blue", "x-admin", "true",
                "x-level", "3"), r.mutation().set());
        assertEquals(claims, new String(Base64.getUrlDecoder().decode(r.mutation().set().get("x-jwt-payload")), StandardCharsets.UTF_8));

        AuthResult none = auth.authenticate(TestRequest.get("/").header("x-sub", "spoofed"));
        assertEquals(AuthResult.Outcome.NO_TOKEN, none.outcome());
        assertTrue(none.mutation().remove().contains("x-sub"));

        JwtAuthenticator forwarding = inline(TestKeys.jwks(key), "    forwardOriginalToken: true\n");
        assertTrue(forwarding.authenticate(TestRequest.get("/").bearer(token)).mutation().remove().isEmpty());
    }

    @Test
    void differentTokensInOneRequestAreRefusedTheSameTokenTwiceIsNot() throws Exception {
        TestKeys key = TestKeys.generate("RS256", "k1");
        JwtAuthenticator auth = inline(TestKeys.jwks(key), "");
        String a = key.sign(TestKeys.claims(ISS, "alice", ""));
        String b = key.sign(TestKeys.claims(ISS, "bob", ""));
        assertEquals("Found multiple Jwt tokens", failure(auth, TestRequest.get("/?access_token=" + b).bearer(a)));
        assertEquals("Found multiple Jwt tokens", failure(auth, TestRequest.get("/").bearer(a).bearer(b)));
        assertNull(failure(auth, TestRequest.get("/?access_token=" + a).bearer(a)));
    }

    @Test
    void spaceDelimitedClaimsIncludeScopeAndPermissionAndTheRulesOwn() throws Exception {
        TestKeys key = TestKeys.generate("RS256", "k1");
        JwtAuthenticator auth = inline(TestKeys.jwks(key), "    spaceDelimitedClaims: [roles]\n");
        AuthResult r = auth.authenticate(TestRequest.get("/").bearer(key.sign(TestKeys.claims(ISS, "a", "\"roles\":\"x y\""))));
        assertEquals(List.of("scope", "permission", "roles"), r.identity().spaceDelimitedClaims());
        assertEquals("x y", r.identity().claims().get("roles"));
    }

    @Test
    void refusesWeakOrAmbiguousInlineKeysAtLoadNamingTheField() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        String weak = org.jose4j.jwk.PublicJsonWebKey.Factory.newPublicJwk(g.generateKeyPair().getPublic()).toJson();
        PolicyException e = assertThrows(PolicyException.class, () -> inline("{\"keys\":[" + weak + "]}", ""));
        assertEquals("ra.yaml doc 0 RequestAuthentication foo/jwt: spec.jwtRules[0].jwks: keys[0]: RSA key of 1024 bits"
                + " refused: at least 2048 bits are required", e.getMessage());
        TestKeys k = TestKeys.generate("RS256", "same");
        TestKeys k2 = TestKeys.generate("ES256", "same");
        assertTrue(assertThrows(PolicyException.class, () -> inline(TestKeys.jwks(k, k2), "")).getMessage()
                .contains("kid 'same' is used by two keys"));
        assertTrue(assertThrows(PolicyException.class, () -> inline("{\"keys\":[]}", "")).getMessage()
                .endsWith("Jwks doesn't have any valid public key"));
    }

    @Test
    void verifiesIstiosSampleToken() throws Exception {
        String jwks = Files.readString(Path.of(getClass().getResource("/vectors/istio-jwt-samples/jwks.json").toURI())).trim();
        String demo = Files.readString(Path.of(getClass().getResource("/vectors/istio-jwt-samples/demo.jwt").toURI())).trim();
        JwtAuthenticator auth = JwtAuthenticator.compile(policies("  - issuer: testing@secure.istio.io\n    jwks: '"
                + jwks.replace("\n", " ") + "'\n"), fetcher, Duration.ofSeconds(60));
        AuthResult r = auth.authenticate(TestRequest.get("/productpage").bearer(demo));
        assertEquals("testing@secure.istio.io/testing@secure.istio.io", r.identity().principal());
        assertEquals("bar", r.identity().claims().get("foo"));
    }

    @Test
    void fetchesRemoteKeysOverHttpAndHttpsAndByDiscovery() throws Exception {
        TestKeys key = TestKeys.generate("ES384", "remote");
        String token = key.sign(TestKeys.claims(ISS, "alice", ""));
        try (JwksServer http = JwksServer.http(TestKeys.jwks(key)); JwksServer https = JwksServer.https(TestKeys.jwks(key));
             JwksFetcher trusting = new JwksFetcher(Duration.ofMinutes(20), JwksServer.caFile().toString())) {
            JwtAuthenticator viaHttp = JwtAuthenticator.compile(policies("  - issuer: " + ISS + "\n    jwksUri: " + http.jwksUri() + "\n"),
                    fetcher, Duration.ofSeconds(60));
            assertNull(failure(viaHttp, TestRequest.get("/").bearer(token)));

            JwtAuthenticator viaHttps = JwtAuthenticator.compile(policies("  - issuer: " + ISS + "\n    jwksUri: " + https.jwksUri() + "\n"),
                    trusting, Duration.ofSeconds(60));
            assertNull(failure(viaHttps, TestRequest.get("/").bearer(token)));

            JwtAuthenticator untrusted = JwtAuthenticator.compile(policies("  - issuer: " + ISS + "\n    jwksUri: " + https.jwksUri() + "\n"),
                    fetcher, Duration.ofSeconds(60));
            assertEquals("Jwks remote fetch is failed", failure(untrusted, TestRequest.get("/").bearer(token)),
                    "a certificate the JVM does not trust is refused");

            String discoveryIssuer = http.base();
            String discovered = key.sign(TestKeys.claims(discoveryIssuer, "bob", ""));
            JwtAuthenticator viaDiscovery = JwtAuthenticator.compile(policies("  - issuer: " + discoveryIssuer + "\n"),
                    fetcher, Duration.ofSeconds(60));
            assertNull(failure(viaDiscovery, TestRequest.get("/").bearer(discovered)));
        }
    }

    @Test
    void anUnreachableKeySetRejectsItsTokensAndAnUnknownKidTriggersOneEarlyRefetch() throws Exception {
        TestKeys old = TestKeys.generate("RS256", "old");
        TestKeys rotated = TestKeys.generate("RS256", "new");
        try (JwksServer server = JwksServer.http(TestKeys.jwks(old))) {
            server.status(500);
            JwtAuthenticator down = JwtAuthenticator.compile(policies("  - issuer: " + ISS + "\n    jwksUri: " + server.jwksUri()
                    + "\n    timeout: 2s\n"), fetcher, Duration.ofSeconds(60));
            assertEquals("Jwks remote fetch is failed", failure(down, TestRequest.get("/").bearer(old.sign(TestKeys.claims(ISS, "a", "")))));

            server.status(200);
            JwksFetcher fresh = new JwksFetcher(Duration.ofMinutes(20), null);
            try {
                JwtAuthenticator auth = JwtAuthenticator.compile(policies("  - issuer: " + ISS + "\n    jwksUri: " + server.jwksUri() + "\n"),
                        fresh, Duration.ofSeconds(60));
                String oldToken = old.sign(TestKeys.claims(ISS, "a", ""));
                assertNull(failure(auth, TestRequest.get("/").bearer(oldToken)));
                int fetches = server.fetches();

                server.jwks(TestKeys.jwks(rotated));
                String newToken = rotated.sign(TestKeys.claims(ISS, "b", ""));
                assertEquals("Jwks doesn't have key to match kid or alg from Jwt", failure(auth, TestRequest.get("/").bearer(newToken)),
                        "the request thread never waits for the network");
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (failure(auth, TestRequest.get("/").bearer(newToken)) != null && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertNull(failure(auth, TestRequest.get("/").bearer(newToken)), "re-fetched after the unknown kid");
                assertEquals(fetches + 1, server.fetches(), "exactly one early re-fetch");
                assertEquals("Jwks doesn't have key to match kid or alg from Jwt", failure(auth, TestRequest.get("/").bearer(oldToken)),
                        "a cached token is not accepted once its key set was replaced");
            } finally {
                fresh.close();
            }
        }
    }

    @Test
    void aSlowGarbageOrHugeKeySetEndpointNeverHoldsARequestAndKeepsTheLastGoodKeys() throws Exception {
        TestKeys key = TestKeys.generate("RS256", "k1");
        String token = key.sign(TestKeys.claims(ISS, "a", ""));
        try (JwksServer server = JwksServer.http(TestKeys.jwks(key))) {
            String rule = "  - issuer: " + ISS + "\n    jwksUri: " + server.jwksUri() + "\n    timeout: 300ms\n";
            for (String body : List.of("not json at all", "{\"keys\":" + "[".repeat(10) + "}", "x".repeat(2 * 1024 * 1024))) {
                server.jwks(body);
                JwksFetcher f = new JwksFetcher(Duration.ofMinutes(20), null);
                try {
                    JwtAuthenticator auth = JwtAuthenticator.compile(policies(rule), f, Duration.ofSeconds(60));
                    assertEquals("Jwks remote fetch is failed", failure(auth, token), body.substring(0, 10));
                } finally {
                    f.close();
                }
            }
            server.jwks(TestKeys.jwks(key));
            server.delay(2000);
            JwksFetcher slow = new JwksFetcher(Duration.ofMinutes(20), null);
            try {
                long start = System.nanoTime();
                JwtAuthenticator auth = JwtAuthenticator.compile(policies(rule), slow, Duration.ofSeconds(60));
                assertTrue(System.nanoTime() - start < 1_500_000_000L, "loading waits at most about the rule's timeout");
                long request = System.nanoTime();
                assertEquals("Jwks remote fetch is failed", failure(auth, token));
                assertTrue(System.nanoTime() - request < 1_000_000_000L, "a request never waits for the 2 s endpoint");
            } finally {
                slow.close();
            }
        }
    }

    @Test
    void theChallengeNamesTheRequestedUrlWithItsQueryCutTo256Characters() {
        assertEquals("Bearer realm=\"https://shop.example:8443/api/v1/products/0?x=1\", error=\"invalid_token\"",
                Challenge.wwwAuthenticate("https", "shop.example:8443", "/api/v1/products/0?x=1"));
        String longTarget = "/p?" + "q".repeat(300);
        assertEquals("Bearer realm=\"http://h" + longTarget.substring(0, 256) + "\", error=\"invalid_token\"",
                Challenge.wwwAuthenticate("http", "h", longTarget));
    }

    private static String failure(JwtAuthenticator auth, String token) {
        return failure(auth, TestRequest.get("/").bearer(token));
    }

    private static String failure(JwtAuthenticator auth, TestRequest request) {
        AuthResult r = auth.authenticate(request);
        return r.status() == null ? null : r.status().message();
    }
}
