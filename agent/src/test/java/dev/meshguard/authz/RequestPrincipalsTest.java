package dev.meshguard.authz;

import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.jwt.AuthResult;
import dev.meshguard.jwt.JwtIdentity;
import dev.meshguard.testing.TestRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.meshguard.authz.AuthorizerTest.ap;
import static dev.meshguard.authz.AuthorizerTest.load;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code requestPrincipals}, {@code notRequestPrincipals} and {@code request.auth.principal} as Istio 1.22 and
 * later match them ({@code requestPrincipalGenerator} in {@code pilot/pkg/security/authz/model/generator.go}): each
 * value split at its last {@code /}, {@code iss} and {@code sub} matched apart, both present. Rows: the value, the
 * token's {@code iss} and {@code sub} ({@code -} for an absent claim, {@code none} for no token), and whether it
 * matches. Istio's own generator cases come first.
 */
class RequestPrincipalsTest {

    @ParameterizedTest(name = "{0} vs iss={1} sub={2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "*                        | https://idp.example | alice  | true",
            "*                        | https://idp.example | -      | false",
            "*                        | -                   | alice  | false",
            "*                        | https://idp.example | ''     | false",
            "*                        | none                | none   | false",
            "foo*                     | foobar              | x      | true",
            "foo*                     | barfoo              | x      | false",
            "foo/*                    | foo                 | x      | true",
            "foo/*                    | foo                 | ''     | false",
            "foo/*                    | foo/bar             | x      | false",
            "foo/bar*                 | foo                 | barbaz | true",
            "foo/bar*                 | foo                 | baz    | false",
            "*foo                     | any                 | xfoo   | true",
            "*foo                     | any                 | foox   | false",
            "*/foo                    | any                 | foo    | true",
            "*/foo                    | ''                  | foo    | false",
            "*bar/foo                 | xbar                | foo    | true",
            "*bar/foo                 | barx                | foo    | false",
            "foo/bar                  | foo                 | bar    | true",
            "https://idp.example/*    | https://idp.example | alice  | true",
            "https://idp.example/*    | https://idp.example/tenant | alice | false",
            "https://idp.example/tenant* | https://idp.example | tenant1 | true",
            "https://idp.example/tenant* | https://idp.example/tenant1 | x | false",
            "requestPrincipals        | requestPrincipals   | ''     | true",
            "requestPrincipals        | requestPrincipals   | -      | false",
            "requestPrincipals        | requestPrincipals   | x      | false",
            "*/*                      | any                 | *      | true",
            "*/*                      | any                 | x      | false",
    })
    void matchesAsIstio(String value, String iss, String sub, boolean matches) throws Exception {
        JwtIdentity identity = "none".equals(iss.trim()) ? null : identity(claim(iss), claim(sub));
        AuthResult auth = identity == null ? AuthResult.noToken(HeaderMutation.none()) : AuthResult.authenticated(identity, HeaderMutation.none());
        String v = value.trim();
        Authorizer allow = compile("  rules: [{from: [{source: {requestPrincipals: ['" + v + "']}}]}]");
        Authorizer when = compile("  rules: [{when: [{key: request.auth.principal, values: ['" + v + "']}]}]");
        Authorizer notDeny = compile("  action: DENY\n  rules: [{from: [{source: {notRequestPrincipals: ['" + v + "']}}]}]");
        TestRequest r = TestRequest.get("/");
        assertEquals(matches, AuthorizerTest.decide(allow, r, auth).allowed(), "requestPrincipals");
        assertEquals(matches, AuthorizerTest.decide(when, r, auth).allowed(), "request.auth.principal");
        assertEquals(matches, AuthorizerTest.decide(notDeny, r, auth).allowed(), "a DENY on notRequestPrincipals");
    }

    private static String claim(String csv) {
        String s = csv.trim();
        return s.equals("-") ? null : s;
    }

    private static JwtIdentity identity(String iss, String sub) {
        Map<String, Object> claims = new java.util.HashMap<>();
        if (iss != null) {
            claims.put("iss", iss);
        }
        if (sub != null) {
            claims.put("sub", sub);
        }
        return new JwtIdentity(iss, sub, List.of(), null, claims, List.of("scope", "permission"));
    }

    private static Authorizer compile(String spec) throws Exception {
        return Authorizer.compile(load(ap("p", spec)), new AuthzOptions(0, false));
    }
}
