package dev.meshguard.authz;

import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.jwt.AuthResult;
import dev.meshguard.testing.TestRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static dev.meshguard.authz.AuthorizerTest.ap;
import static dev.meshguard.authz.AuthorizerTest.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where Meshguard's reading of a request differs from Envoy's, the request is decided under both and denied if
 * either denies, so a deviation from Envoy never allows what Istio denies. Each row: a policy, a request (the host as
 * sent; the target as sent and the path the server routes on), and the expected outcome with the reading that
 * denied ({@code -} when allowed).
 */
class ReadingsTest {
    private static final AuthResult ANONYMOUS = AuthResult.noToken(HeaderMutation.none());

    @ParameterizedTest(name = "{0} {1} [{2}] Host: {3} -> {4} {5}")
    @CsvSource(delimiter = '|', value = {
            // action | field | values | Host as sent | status | denied under
            "DENY  | hosts    | internal.example                      | internal.example      | 403 | ENVOY",
            "DENY  | hosts    | internal.example                      | internal.example:8080 | 403 | SERVER",
            "DENY  | hosts    | internal.example                      | Internal.Example.     | 403 | SERVER",
            "DENY  | hosts    | internal.example                      | other.example:8080    | 200 | -",
            "DENY  | notHosts | internal.example                      | internal.example      | 200 | -",
            "DENY  | notHosts | internal.example                      | internal.example:8080 | 403 | ENVOY",
            "DENY  | notHosts | internal.example                      | other.example         | 403 | ENVOY",
            "ALLOW | hosts    | internal.example                      | internal.example      | 200 | -",
            "ALLOW | hosts    | internal.example                      | INTERNAL.example      | 200 | -",
            "ALLOW | hosts    | internal.example                      | internal.example:8080 | 403 | ENVOY",
            "ALLOW | hosts    | internal.example, internal.example:*  | internal.example:8080 | 200 | -",
            "ALLOW | hosts    | internal.example:*                    | internal.example:8080 | 403 | SERVER",
            "ALLOW | notHosts | internal.example                      | internal.example      | 403 | ENVOY",
            "ALLOW | notHosts | internal.example                      | internal.example:8080 | 403 | SERVER",
            "ALLOW | notHosts | internal.example                      | other.example:8080    | 200 | -",
    })
    void hosts(String action, String field, String values, String host, int status, String under) throws Exception {
        Authorizer authz = compile(action, "to: [{operation: {" + field + ": [" + values + "]}}]");
        assertDecision(authz, TestRequest.get("/").host(host), status, under);
    }

    @ParameterizedTest(name = "{0} {1} [{2}] {3} routed as {4} -> {5} {6}")
    @CsvSource(delimiter = '|', value = {
            // action | field | values | target as sent | path the server routes on | status | denied under
            "DENY  | paths    | /admin*       | /public/../admin/x        | /admin/x              | 403 | ENVOY",
            "DENY  | paths    | /admin*       | /public/%2e%2e/admin/x    | /admin/x              | 403 | ENVOY",
            "DENY  | paths    | /admin*       | /%61dmin/x                | /admin/x              | 403 | ENVOY",
            "DENY  | paths    | /admin*       | /admin;x=y/z              | /admin/z              | 403 | ENVOY",
            "DENY  | paths    | /admin        | /admin;jsessionid=1       | /admin                | 403 | SERVER",
            "DENY  | paths    | /a/b          | /a%2Fb                    | /a/b                  | 403 | SERVER",
            "DENY  | paths    | /admin        | //admin                   | /admin                | 403 | SERVER",
            "DENY  | paths    | /admin        | /Admin                    | /Admin                | 200 | -",
            "DENY  | notPaths | /productpage  | /productpage;jsessionid=x | /productpage          | 403 | ENVOY",
            "DENY  | notPaths | /productpage  | /productpage?x=/admin     | /productpage          | 200 | -",
            "ALLOW | paths    | /productpage  | /productpage;jsessionid=x | /productpage          | 403 | ENVOY",
            "ALLOW | paths    | /public*      | /public/../admin          | /admin                | 403 | ENVOY",
            "ALLOW | paths    | /public*      | /public/..%2fadmin        | /public/../admin      | 200 | -",
            "ALLOW | paths    | /public*      | /public\\..\\admin        | /public\\..\\admin    | 403 | ENVOY",
            "ALLOW | paths    | /a%2Fb        | /a%2Fb                    | /a/b                  | 403 | SERVER",
            "ALLOW | paths    | /x            | //x                       | /x                    | 403 | ENVOY",
            "ALLOW | paths    | /api/{*}      | /api/x%2Fy                | /api/x/y              | 403 | SERVER",
            "ALLOW | notPaths | /admin*       | /%61dmin                  | /admin                | 403 | ENVOY",
            "ALLOW | notPaths | /admin*       | /admin;x                  | /admin                | 403 | ENVOY",
            "ALLOW | notPaths | /admin        | /admin;x                  | /admin                | 403 | SERVER",
    })
    void paths(String action, String field, String values, String target, String routed, int status, String under)
            throws Exception {
        Authorizer authz = compile(action, "to: [{operation: {" + field + ": ['" + values + "']}}]");
        assertDecision(authz, TestRequest.get(routed).raw(target), status, under);
    }

    @Test
    void aRequestBothReadAlikeIsDecidedOnceUnderEnvoysReading() throws Exception {
        Authorizer authz = compile("DENY", "to: [{operation: {paths: ['/admin*']}}]");
        TestRequest plain = TestRequest.get("/admin/x").host("example.com");
        assertFalse(Readings.of(plain).differ());
        assertEquals(Reading.ENVOY, AuthorizerTest.decide(authz, plain, ANONYMOUS).deniedUnder());
        assertTrue(Readings.of(TestRequest.get("/admin/x").host("example.com:80")).differ());
        assertFalse(Readings.of(TestRequest.get("/admin/x").raw("/admin/./x")).differ(), "normalised alike");
        assertTrue(Readings.of(TestRequest.get("/admin/x").raw("/admin/x;p")).differ());
    }

    @Test
    void anAbsoluteFormTargetIsReadForItsAuthorityAndPath() {
        Readings r = Readings.of(TestRequest.get("/api/x").raw("http://Other.Example:81/api/../api/x?y=1").host("ignored"));
        assertEquals("Other.Example:81", r.host(Reading.ENVOY));
        assertEquals("other.example", r.host(Reading.SERVER));
        assertEquals("/api/x", r.path(Reading.ENVOY));
    }

    @Test
    void aPathEnvoyRefusesHasNoReading() {
        assertNull(Readings.of(TestRequest.get("/a").raw("/a%00b")));
    }

    private static Authorizer compile(String action, String rule) throws Exception {
        return Authorizer.compile(load(ap("p", "  action: " + action.trim() + "\n  rules: [{" + rule + "}]")),
                new AuthzOptions(0, false));
    }

    private static void assertDecision(Authorizer authz, TestRequest request, int status, String under) {
        Decision d = AuthorizerTest.decide(authz, request, ANONYMOUS);
        assertEquals(status, d.allowed() ? 200 : d.status(), d::toString);
        assertEquals(under.trim(), d.deniedUnder() == null ? "-" : d.deniedUnder().name(), d::toString);
    }
}
