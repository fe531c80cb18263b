package dev.meshguard.authz;

import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.jwt.AuthResult;
import dev.meshguard.jwt.JwtIdentity;
import dev.meshguard.policy.AuthorizationPolicy;
import dev.meshguard.policy.PolicyException;
import dev.meshguard.policy.PolicyFiles;
import dev.meshguard.policy.PolicyLoader;
import dev.meshguard.testing.TestCerts;
import dev.meshguard.testing.TestRequest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The table of authorization behaviour: each row is policies, a request (with its JWT identity and peer certificate,
 * if any), the expected status (200 or 403) and what decided. Istio's reference examples are among the rows.
 */
class AuthorizerTest {
    static final String SLEEP = "spiffe://cluster.local/ns/default/sa/sleep";
    static final String OTHER = "spiffe://other.domain/ns/prod/sa/api";

    record Row(String name, String yaml, TestRequest request, JwtIdentity identity, int status, String decidedBy,
               int trustedProxies) {
        Row(String name, String yaml, TestRequest request, JwtIdentity identity, int status, String decidedBy) {
            this(name, yaml, request, identity, status, decidedBy, 0);
        }
    }

    static JwtIdentity jwt(String iss, String sub, Map<String, Object> claims) {
        List<String> aud = claims.get("aud") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        return new JwtIdentity(iss, sub, aud, (String) claims.get("azp"), claims, List.of("scope", "permission"));
    }

    static final JwtIdentity ALICE = jwt("https://accounts.google.com", "alice",
            Map.of("iss", "https://accounts.google.com", "sub", "alice", "aud", List.of("bookstore", "web"), "azp", "frontend",
                    "groups", List.of("admins", "dev"), "scope", "read write", "org", Map.of("team", "blue")));

    static String ap(String name, String spec) {
        return "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: " + name
                + ", namespace: foo}\nspec:\n" + spec + "\n";
    }

    static List<AuthorizationPolicy> load(String yaml) throws PolicyException {
        return new PolicyLoader("foo").load(PolicyFiles.of(List.of(PolicyFiles.entry("ap.yaml",
                yaml.getBytes(StandardCharsets.UTF_8))))).authorizationPolicies();
    }

    static TestRequest get(String path) { return TestRequest.get(path); }

    static List<Row> rows() {
        List<Row> r = new ArrayList<>();
        // Shapes and order.
        r.add(new Row("no policy allows", "", get("/"), null, 200, "no ALLOW policy applies"));
        r.add(new Row("ALLOW spec {} denies everything", ap("allow-nothing", "  {}"), get("/"), null, 403, "no ALLOW policy matched"));
        r.add(new Row("ALLOW rules [{}] allows everything", ap("allow-all", "  rules: [{}]"), get("/x"), null, 200, "ALLOW foo/allow-all rule 0"));
        r.add(new Row("DENY rules [{}] denies everything", ap("deny-all", "  action: DENY\n  rules: [{}]"), get("/"), null, 403, "DENY foo/deny-all rule 0"));
        r.add(new Row("DENY wins over ALLOW", ap("allow-all", "  rules: [{}]") + ap("deny-admin", "  action: DENY\n  rules: [{to: [{operation: {paths: [/admin*]}}]}]"),
                get("/admin/users"), null, 403, "DENY foo/deny-admin rule 0"));
        r.add(new Row("AUDIT never decides", ap("audit-all", "  action: AUDIT\n  rules: [{}]"), get("/"), null, 200,
                "no ALLOW policy applies"));
        r.add(new Row("dry-run DENY is not enforced", ap("dry", "  action: DENY\n  rules: [{}]").replace("namespace: foo}",
                "namespace: foo, annotations: {istio.io/dry-run: 'true'}}"), get("/"), null, 200, "no ALLOW policy applies"));
        r.add(new Row("an empty list is an absent field, as in Istio", ap("deny-get", "  action: DENY\n  rules: [{to: [{operation: {paths: [], methods: [GET]}}]}]"),
                get("/any"), null, 403, "DENY foo/deny-get rule 0"));
        r.add(new Row("second rule matches", ap("two", "  rules:\n  - to: [{operation: {paths: [/a]}}]\n  - to: [{operation: {paths: [/b]}}]"),
                get("/b"), null, 200, "ALLOW foo/two rule 1"));

        // The seed: Bookinfo's DENY with double negation.
        String seed = ap("require-jwt", "  action: DENY\n  rules:\n  - from: [{source: {notRequestPrincipals: ['*']}}]\n"
                + "    to: [{operation: {notPaths: [/productpage]}}]");
        r.add(new Row("seed: no token, /productpage", seed, get("/productpage"), null, 200, "no ALLOW policy applies"));
        r.add(new Row("seed: no token, /api/v1/products/0", seed, get("/api/v1/products/0"), null, 403, "DENY foo/require-jwt rule 0"));
        r.add(new Row("seed: token, /api/v1/products/0", seed, get("/api/v1/products/0"), ALICE, 200, "no ALLOW policy applies"));

        // Source fields.
        r.add(new Row("requestPrincipals * needs a JWT", ap("jwt", "  rules: [{from: [{source: {requestPrincipals: ['*']}}]}]"), get("/"), null, 403, "no ALLOW policy matched"));
        r.add(new Row("requestPrincipals * with a JWT", ap("jwt", "  rules: [{from: [{source: {requestPrincipals: ['*']}}]}]"), get("/"), ALICE, 200, "ALLOW foo/jwt rule 0"));
        r.add(new Row("requestPrincipals prefix", ap("jwt", "  rules: [{from: [{source: {requestPrincipals: ['https://accounts.google.com/*']}}]}]"), get("/"), ALICE, 200, "ALLOW foo/jwt rule 0"));
        r.add(new Row("principals exact with mTLS", ap("p", "  rules: [{from: [{source: {principals: [cluster.local/ns/default/sa/sleep]}}]}]"),
                get("/").peer(TestCerts.spiffe(SLEEP)), null, 200, "ALLOW foo/p rule 0"));
        r.add(new Row("principals without mTLS never match", ap("p", "  rules: [{from: [{source: {principals: ['*']}}]}]"), get("/"), null, 403, "no ALLOW policy matched"));
        r.add(new Row("notPrincipals without mTLS match", ap("p", "  action: DENY\n  rules: [{from: [{source: {notPrincipals: ['*']}}]}]"), get("/"), null, 403, "DENY foo/p rule 0"));
        r.add(new Row("namespaces from the certificate", ap("ns", "  rules: [{from: [{source: {namespaces: [default]}}]}]"), get("/").peer(TestCerts.spiffe(SLEEP)), null, 200, "ALLOW foo/ns rule 0"));
        r.add(new Row("notNamespaces", ap("ns", "  rules: [{from: [{source: {notNamespaces: [default]}}]}]"), get("/").peer(TestCerts.spiffe(SLEEP)), null, 403, "no ALLOW policy matched"));
        r.add(new Row("serviceAccounts ns/sa", ap("sa", "  rules: [{from: [{source: {serviceAccounts: [default/sleep]}}]}]"), get("/").peer(TestCerts.spiffe(SLEEP)), null, 200, "ALLOW foo/sa rule 0"));
        r.add(new Row("serviceAccounts bare name is the policy's namespace", ap("sa", "  rules: [{from: [{source: {serviceAccounts: [sleep]}}]}]"),
                get("/").peer(TestCerts.spiffe(SLEEP)), null, 403, "no ALLOW policy matched"));
        r.add(new Row("trustDomains", ap("td", "  rules: [{from: [{source: {trustDomains: [other.domain]}}]}]"), get("/").peer(TestCerts.spiffe(OTHER)), null, 200, "ALLOW foo/td rule 0"));
        r.add(new Row("notTrustDomains", ap("td", "  action: DENY\n  rules: [{from: [{source: {notTrustDomains: [cluster.local]}}]}]"), get("/").peer(TestCerts.spiffe(OTHER)), null, 403, "DENY foo/td rule 0"));
        r.add(new Row("ipBlocks CIDR", ap("ip", "  rules: [{from: [{source: {ipBlocks: [10.0.0.0/8]}}]}]"), get("/").remoteAddress("10.20.30.40"), null, 200, "ALLOW foo/ip rule 0"));
        r.add(new Row("ipBlocks single IP outside", ap("ip", "  rules: [{from: [{source: {ipBlocks: [203.0.113.4]}}]}]"), get("/").remoteAddress("203.0.113.5"), null, 403, "no ALLOW policy matched"));
        r.add(new Row("ipBlocks IPv6 CIDR", ap("ip", "  rules: [{from: [{source: {ipBlocks: ['2001:db8::/32']}}]}]"), get("/").remoteAddress("2001:db8:1::7"), null, 200, "ALLOW foo/ip rule 0"));
        r.add(new Row("notIpBlocks IPv6", ap("ip", "  action: DENY\n  rules: [{from: [{source: {notIpBlocks: ['::1']}}]}]"), get("/").remoteAddress("0:0:0:0:0:0:0:1"), null, 200, "no ALLOW policy applies"));
        r.add(new Row("remoteIpBlocks ignores XFF without trusted proxies", ap("rip", "  rules: [{from: [{source: {remoteIpBlocks: [198.51.100.7]}}]}]"),
                get("/").remoteAddress("10.0.0.1").header("X-Forwarded-For", "198.51.100.7"), null, 403, "no ALLOW policy matched"));
        r.add(new Row("remoteIpBlocks uses XFF with one trusted proxy", ap("rip", "  rules: [{from: [{source: {remoteIpBlocks: [198.51.100.7]}}]}]"),
                get("/").remoteAddress("10.0.0.1").header("X-Forwarded-For", "6.6.6.6, 198.51.100.7"), null, 200, "ALLOW foo/rip rule 0", 1));

        // Operation fields.
        r.add(new Row("hosts case-insensitive", ap("h", "  rules: [{to: [{operation: {hosts: [Example.COM]}}]}]"), get("/").host("example.com"), null, 200, "ALLOW foo/h rule 0"));
        r.add(new Row("hosts match with the port stripped", ap("h", "  action: DENY\n  rules: [{to: [{operation: {hosts: [admin.example.com]}}]}]"),
                get("/").host("admin.example.com:8080"), null, 403, "DENY foo/h rule 0"));
        r.add(new Row("hosts match with a trailing dot", ap("h", "  action: DENY\n  rules: [{to: [{operation: {hosts: [admin.example.com]}}]}]"),
                get("/").host("Admin.Example.com.:8080"), null, 403, "DENY foo/h rule 0"));
        r.add(new Row("hosts suffix", ap("h", "  rules: [{to: [{operation: {hosts: ['*.example.com']}}]}]"), get("/").host("api.example.com"), null, 200, "ALLOW foo/h rule 0"));
        r.add(new Row("notHosts", ap("h", "  rules: [{to: [{operation: {notHosts: [evil.com]}}]}]"), get("/").host("EVIL.com"), null, 403, "no ALLOW policy matched"));
        r.add(new Row("ports", ap("p", "  rules: [{to: [{operation: {ports: ['8080']}}]}]"), get("/").localPort(8080), null, 200, "ALLOW foo/p rule 0"));
        r.add(new Row("notPorts", ap("p", "  rules: [{to: [{operation: {notPorts: ['8080']}}]}]"), get("/").localPort(8080), null, 403, "no ALLOW policy matched"));
        r.add(new Row("methods", ap("m", "  rules: [{to: [{operation: {methods: [GET, HEAD]}}]}]"), get("/").method("POST"), null, 403, "no ALLOW policy matched"));
        r.add(new Row("notMethods", ap("m", "  rules: [{to: [{operation: {notMethods: [DELETE]}}]}]"), get("/").method("GET"), null, 200, "ALLOW foo/m rule 0"));
        r.add(new Row("paths exact", ap("pa", "  rules: [{to: [{operation: {paths: [/info]}}]}]"), get("/info/x"), null, 403, "no ALLOW policy matched"));
        r.add(new Row("paths prefix", ap("pa", "  rules: [{to: [{operation: {paths: ['/info*']}}]}]"), get("/info/x"), null, 200, "ALLOW foo/pa rule 0"));
        r.add(new Row("paths suffix", ap("pa", "  rules: [{to: [{operation: {paths: ['*.png']}}]}]"), get("/img/a.png"), null, 200, "ALLOW foo/pa rule 0"));
        r.add(new Row("path template {*} one segment", ap("t", "  rules: [{to: [{operation: {paths: ['/foo/{*}']}}]}]"), get("/foo/bar"), null, 200, "ALLOW foo/t rule 0"));
        r.add(new Row("path template {*} not two", ap("t", "  rules: [{to: [{operation: {paths: ['/foo/{*}']}}]}]"), get("/foo/bar/baz"), null, 403, "no ALLOW policy matched"));
        r.add(new Row("path template {**}", ap("t", "  rules: [{to: [{operation: {paths: ['/foo/{*}/bar/{**}']}}]}]"), get("/foo/buzz/bar/baz/q"), null, 200, "ALLOW foo/t rule 0"));
        r.add(new Row("path template {**}/ trailing", ap("t", "  rules: [{to: [{operation: {paths: ['/foo/{**}/']}}]}]"), get("/foo//"), null, 200, "ALLOW foo/t rule 0"));
        r.add(new Row("path template {**}/ needs the slash", ap("t", "  rules: [{to: [{operation: {paths: ['/foo/{**}/']}}]}]"), get("/foo/bar"), null, 403, "no ALLOW policy matched"));

        // Conditions.
        r.add(new Row("when header prefix", ap("w", "  rules: [{when: [{key: 'request.headers[User-Agent]', values: ['Mozilla/*']}]}]"),
                get("/").header("user-agent", "Mozilla/5.0"), null, 200, "ALLOW foo/w rule 0"));
        r.add(new Row("when header absent", ap("w", "  rules: [{when: [{key: 'request.headers[x-token]', values: ['*']}]}]"), get("/"), null, 403, "no ALLOW policy matched"));
        r.add(new Row("when notValues", ap("w", "  rules: [{when: [{key: 'request.headers[x-env]', notValues: [prod]}]}]"), get("/").header("x-env", "dev"), null, 200, "ALLOW foo/w rule 0"));
        r.add(new Row("when source.ip", ap("w", "  rules: [{when: [{key: source.ip, values: [10.1.0.0/16]}]}]"), get("/").remoteAddress("10.1.2.3"), null, 200, "ALLOW foo/w rule 0"));
        r.add(new Row("when remote.ip", ap("w", "  rules: [{when: [{key: remote.ip, values: [198.51.100.0/24]}]}]"),
                get("/").header("x-forwarded-for", "198.51.100.9"), null, 200, "ALLOW foo/w rule 0", 1));
        r.add(new Row("when source.namespace", ap("w", "  rules: [{when: [{key: source.namespace, values: [default]}]}]"), get("/").peer(TestCerts.spiffe(SLEEP)), null, 200, "ALLOW foo/w rule 0"));
        r.add(new Row("when source.principal", ap("w", "  rules: [{when: [{key: source.principal, values: ['cluster.local/*']}]}]"), get("/").peer(TestCerts.spiffe(SLEEP)), null, 200, "ALLOW foo/w rule 0"));
        r.add(new Row("when request.auth.principal", ap("w", "  rules: [{when: [{key: request.auth.principal, values: ['*/alice']}]}]"), get("/"), ALICE, 200, "ALLOW foo/w rule 0"));
        r.add(new Row("when request.auth.audiences", ap("w", "  rules: [{when: [{key: request.auth.audiences, values: [web]}]}]"), get("/"), ALICE, 200, "ALLOW foo/w rule 0"));
        r.add(new Row("when request.auth.presenter", ap("w", "  rules: [{when: [{key: request.auth.presenter, values: [frontend]}]}]"), get("/"), ALICE, 200, "ALLOW foo/w rule 0"));
        r.add(new Row("when claims list", ap("w", "  rules: [{when: [{key: 'request.auth.claims[groups]', values: [admins]}]}]"), get("/"), ALICE, 200, "ALLOW foo/w rule 0"));
        r.add(new Row("when nested claim [a][b]", ap("w", "  rules: [{when: [{key: 'request.auth.claims[org][team]', values: [blue]}]}]"), get("/"), ALICE, 200, "ALLOW foo/w rule 0"));
        r.add(new Row("when nested claim a.b", ap("w", "  rules: [{when: [{key: 'request.auth.claims[org.team]', values: [blue]}]}]"), get("/"), ALICE, 200, "ALLOW foo/w rule 0"));
        r.add(new Row("when scope is space-delimited", ap("w", "  rules: [{when: [{key: 'request.auth.claims[scope]', values: [write]}]}]"), get("/"), ALICE, 200, "ALLOW foo/w rule 0"));
        r.add(new Row("when claim without JWT", ap("w", "  rules: [{when: [{key: 'request.auth.claims[groups]', values: ['*']}]}]"), get("/"), null, 403, "no ALLOW policy matched"));
        r.add(new Row("when destination.ip and port", ap("w", "  rules: [{when: [{key: destination.ip, values: [10.0.0.2]}, {key: destination.port, values: ['8080']}]}]"),
                get("/"), null, 200, "ALLOW foo/w rule 0"));
        r.add(new Row("when connection.sni", ap("w", "  rules: [{when: [{key: connection.sni, values: ['*.example.com']}]}]"), get("/").sni("api.example.com"), null, 200, "ALLOW foo/w rule 0"));

        // AND / OR structure.
        String andOr = ap("and-or", "  rules:\n  - from: [{source: {namespaces: [default]}}, {source: {ipBlocks: [192.0.2.0/24]}}]\n"
                + "    to: [{operation: {methods: [GET], paths: ['/info*']}}, {operation: {methods: [POST], paths: [/data]}}]");
        r.add(new Row("from ORed: second source", andOr, get("/info/1").remoteAddress("192.0.2.9"), null, 200, "ALLOW foo/and-or rule 0"));
        r.add(new Row("fields ANDed: method wrong for path", andOr, get("/data").remoteAddress("192.0.2.9"), null, 403, "no ALLOW policy matched"));
        r.add(new Row("to ORed: second operation", andOr, get("/data").method("POST").remoteAddress("192.0.2.9"), null, 200, "ALLOW foo/and-or rule 0"));
        r.add(new Row("from and to ANDed: no source", andOr, get("/info/1").remoteAddress("198.51.100.1"), null, 403, "no ALLOW policy matched"));

        // Istio reference page example 1 (ALLOW with from, to and when).
        String ex1 = ap("httpbin", "  action: ALLOW\n  rules:\n  - from:\n    - source: {principals: ['cluster.local/ns/default/sa/sleep']}\n"
                + "    - source: {namespaces: [test]}\n    to:\n    - operation: {methods: [GET], paths: ['/info*']}\n"
                + "    - operation: {methods: [POST], paths: [/data]}\n    when:\n    - key: 'request.auth.claims[iss]'\n      values: ['https://accounts.google.com']");
        r.add(new Row("reference example: sleep with Google JWT GET /info", ex1, get("/info/x").peer(TestCerts.spiffe(SLEEP)), ALICE, 200, "ALLOW foo/httpbin rule 0"));
        r.add(new Row("reference example: without the JWT", ex1, get("/info/x").peer(TestCerts.spiffe(SLEEP)), null, 403, "no ALLOW policy matched"));
        // JWT task: require a JWT with a group claim.
        String jwtTask = ap("require-jwt", "  action: ALLOW\n  rules:\n  - from: [{source: {requestPrincipals: ['https://accounts.google.com/alice']}}]\n"
                + "    when: [{key: 'request.auth.claims[groups]', values: [admins]}]");
        r.add(new Row("JWT task: principal and group", jwtTask, get("/headers"), ALICE, 200, "ALLOW foo/require-jwt rule 0"));
        // Deny task: deny GET from non-foo namespaces... reworded: DENY with notNamespaces.
        String denyTask = ap("deny-method-get", "  action: DENY\n  rules:\n  - to: [{operation: {methods: [GET]}}]\n"
                + "    when: [{key: 'request.headers[x-token]', notValues: [admin]}]");
        r.add(new Row("deny task: GET without admin token", denyTask, get("/get").header("x-token", "guest"), null, 403, "DENY foo/deny-method-get rule 0"));
        r.add(new Row("deny task: GET with admin token", denyTask, get("/get").header("x-token", "admin"), null, 200, "no ALLOW policy applies"));
        // Ingress task: allow by remote IP block.
        String ingress = ap("ingress-policy", "  action: ALLOW\n  rules: [{from: [{source: {remoteIpBlocks: [1.2.3.4, 5.6.7.0/24]}}]}]");
        r.add(new Row("ingress task: client in block", ingress, get("/").header("X-Forwarded-For", "5.6.7.8"), null, 200, "ALLOW foo/ingress-policy rule 0", 1));
        r.add(new Row("ingress task: client outside", ingress, get("/").header("X-Forwarded-For", "9.9.9.9"), null, 403, "no ALLOW policy matched", 1));
        return r;
    }

    /** Authorizes {@code request} with no external authorizer, as the engine does. */
    static Decision decide(Authorizer authz, TestRequest request, AuthResult auth) {
        return authz.evaluate(request, Readings.of(request), auth).decide(null);
    }

    @TestFactory
    List<DynamicTest> table() {
        return rows().stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> {
            Authorizer authz = Authorizer.compile(load(row.yaml()), new AuthzOptions(row.trustedProxies(), false));
            AuthResult auth = row.identity() == null ? AuthResult.noToken(HeaderMutation.none())
                    : AuthResult.authenticated(row.identity(), HeaderMutation.none());
            Decision d = decide(authz, row.request(), auth);
            assertEquals(row.status(), d.allowed() ? 200 : d.status(), d::toString);
            assertEquals(row.decidedBy(), d.toString());
            if (!d.allowed()) {
                assertEquals(Decision.RBAC_DENIED, d.body());
            }
        })).toList();
    }
}
