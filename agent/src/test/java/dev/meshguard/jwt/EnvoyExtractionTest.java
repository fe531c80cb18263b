package dev.meshguard.jwt;

import dev.meshguard.policy.PolicyException;
import dev.meshguard.testing.JwksServer;
import dev.meshguard.testing.TestKeys;
import dev.meshguard.testing.TestRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Where tokens are found and which rule checks them, as Envoy's {@code jwt_authn} filter under Istio does: the
 * extractor's rules ({@code extractor.cc}), the CORS preflight bypass, and rules without an issuer.
 */
class EnvoyExtractionTest {
    private static final String ISS = "https://issuer.example";
    private final JwksFetcher fetcher = new JwksFetcher(Duration.ofMinutes(20), null);
    private TestKeys key;
    private JwtAuthenticator auth;

    @BeforeEach
    void setUp() throws Exception {
        key = TestKeys.generate("ES256", "k1");
        auth = JwtAuthenticator.compile(JwtAuthenticatorTest.policies("  - issuer: " + ISS + "\n    jwks: '"
                + TestKeys.jwks(key) + "'\n    outputClaimToHeaders: [{header: x-sub, claim: sub}]\n"), fetcher, Duration.ofSeconds(60));
    }

    @AfterEach
    void close() {
        fetcher.close();
    }

    private String token(String sub) throws Exception {
        return key.sign(TestKeys.claims(ISS, sub, ""));
    }

    private AuthResult.Outcome outcome(TestRequest r) {
        return auth.authenticate(r).outcome();
    }

    @Test
    void thePrefixIsFoundAnywhereAndCharactersThatCannotStartATokenAreSkipped() throws Exception {
        String t = token("alice");
        for (String value : List.of("Bearer " + t, "Bearer  " + t, "Bearer \t" + t, "Bearer \"" + t,
                "scheme=x, Bearer " + t, "Bearer =" + t)) {
            assertEquals(AuthResult.Outcome.AUTHENTICATED, outcome(TestRequest.get("/").header("Authorization", value)), value);
        }
        assertEquals(AuthResult.Outcome.NO_TOKEN, outcome(TestRequest.get("/").header("Authorization", "bearer " + t)),
                "the prefix is case-sensitive: no token at all");
        assertEquals(AuthResult.Outcome.NO_TOKEN, outcome(TestRequest.get("/").header("Authorization", "Basic dXNlcg==")));
    }

    @Test
    void textAfterTheTokenStaysPartOfItAndFails() throws Exception {
        String t = token("alice");
        for (String value : List.of("Bearer " + t + " trailing", "Bearer " + t + ",x", "Bearer " + t + "\"")) {
            assertEquals(AuthResult.Outcome.REJECTED, outcome(TestRequest.get("/").header("Authorization", value)), value);
        }
    }

    @Test
    void eachHeaderValueIsReadOnItsOwn() throws Exception {
        String t = token("alice");
        TestRequest basicThenBearer = TestRequest.get("/").header("Authorization", "Basic dXNlcg==").header("Authorization", "Bearer " + t);
        assertEquals(AuthResult.Outcome.AUTHENTICATED, outcome(basicThenBearer));
        TestRequest sameTwice = TestRequest.get("/").header("Authorization", "Bearer " + t).header("Authorization", "Bearer " + t);
        assertEquals(AuthResult.Outcome.AUTHENTICATED, outcome(sameTwice), "the same token twice is one token");
        TestRequest two = TestRequest.get("/").header("Authorization", "Bearer " + t).header("Authorization", "Bearer " + token("bob"));
        assertEquals(JwtStatus.MULTIPLE_TOKENS, auth.authenticate(two).status(), "two tokens: refused, Istio leaves it undefined");
        TestRequest headerAndQuery = TestRequest.get("/?access_token=" + token("bob")).bearer(t);
        assertEquals(JwtStatus.MULTIPLE_TOKENS, auth.authenticate(headerAndQuery).status());
    }

    @Test
    void aQueryParameterGivesItsFirstValue() throws Exception {
        assertEquals(AuthResult.Outcome.AUTHENTICATED, outcome(TestRequest.get("/?access_token=" + token("alice") + "&access_token=junk")));
        assertEquals(JwtStatus.BAD_FORMAT, auth.authenticate(TestRequest.get("/?access_token=")).status(),
                "an empty parameter is an empty token, as in Envoy");
        assertEquals(AuthResult.Outcome.NO_TOKEN, outcome(TestRequest.get("/?other=1")));
    }

    @Test
    void aCorsPreflightSkipsAuthenticationButStillLosesForgedOutputHeaders() throws Exception {
        TestRequest preflight = TestRequest.get("/").method("OPTIONS").header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST").bearer("not-a-token").header("x-sub", "forged");
        AuthResult r = auth.authenticate(preflight);
        assertEquals(AuthResult.Outcome.CORS_PREFLIGHT, r.outcome());
        assertNull(r.identity());
        assertEquals(List.of("x-sub"), r.mutation().remove());
        assertEquals(AuthResult.Outcome.REJECTED, outcome(TestRequest.get("/").method("OPTIONS").header("Origin", "x").bearer("bad")),
                "without Access-Control-Request-Method it is authenticated as usual");
        assertEquals(AuthResult.Outcome.REJECTED, outcome(TestRequest.get("/").method("OPTIONS")
                .header("Access-Control-Request-Method", "POST").bearer("bad")), "without Origin, likewise");
        assertEquals(AuthResult.Outcome.REJECTED, outcome(TestRequest.get("/").method("GET").header("Origin", "x")
                .header("Access-Control-Request-Method", "POST").bearer("bad")), "only OPTIONS is a preflight");
    }

    @Test
    void aRuleWithoutAnIssuerAcceptsAnyIssuerItsKeysVerifyAfterTheRulesNamingOne() throws Exception {
        TestKeys other = TestKeys.generate("RS256", "k2");
        try (JwksServer keys = JwksServer.http(TestKeys.jwks(other))) {
            JwtAuthenticator mixed = JwtAuthenticator.compile(JwtAuthenticatorTest.policies(
                    "  - issuer: " + ISS + "\n    jwks: '" + TestKeys.jwks(key) + "'\n"
                            + "  - jwksUri: " + keys.jwksUri() + "\n"), fetcher, Duration.ofSeconds(60));
            AuthResult anyIssuer = mixed.authenticate(TestRequest.get("/").bearer(other.sign(TestKeys.claims("https://elsewhere", "carol", ""))));
            assertEquals(AuthResult.Outcome.AUTHENTICATED, anyIssuer.outcome(), anyIssuer::toString);
            assertEquals("https://elsewhere", anyIssuer.identity().issuer(), "the principal is the token's own iss/sub");
            assertEquals("carol", anyIssuer.identity().subject());
            assertEquals(AuthResult.Outcome.AUTHENTICATED, mixed.authenticate(TestRequest.get("/").bearer(token("alice"))).outcome());
            AuthResult named = mixed.authenticate(TestRequest.get("/").bearer(other.sign(TestKeys.claims(ISS, "mallory", ""))));
            assertEquals(JwtStatus.KID_ALG_MISMATCH, named.status(),
                    "a token naming a configured issuer is checked by that rule only, as Envoy's provider lookup does");
        }
    }

    @Test
    void anInlineKeySetWithoutAnIssuerIsRefused() {
        PolicyException e = org.junit.jupiter.api.Assertions.assertThrows(PolicyException.class,
                () -> JwtAuthenticatorTest.policies("  - jwks: '" + TestKeys.jwks(key) + "'\n"));
        assertEquals("ra.yaml doc 0 RequestAuthentication foo/jwt: spec.jwtRules[0]: issuer or jwksUri must be non-empty string",
                e.getMessage());
    }
}
