package dev.meshguard.authz;

import com.sun.net.httpserver.HttpServer;
import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.jwt.AuthResult;
import dev.meshguard.policy.PolicyException;
import dev.meshguard.testing.TestRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.meshguard.authz.AuthorizerTest.ap;
import static dev.meshguard.authz.AuthorizerTest.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthorizerBehaviourTest {
    private static final AuthResult ANONYMOUS = AuthResult.noToken(HeaderMutation.none());
    private static final AuthzOptions NO_EXT = new AuthzOptions(0, null, Duration.ofSeconds(1));

    @Test
    void dryRunPoliciesReportTheirWouldBeEffectAndAuditMarksTheDecision() throws Exception {
        String yaml = ap("dry-deny", "  action: DENY\n  rules: [{to: [{operation: {paths: [/headers]}}]}]")
                .replace("namespace: foo}", "namespace: foo, annotations: {istio.io/dry-run: 'true'}}")
                + ap("audit", "  action: AUDIT\n  rules: [{to: [{operation: {methods: [GET]}}]}]");
        Authorizer authz = Authorizer.compile(load(yaml), NO_EXT);
        Decision d = authz.authorize(TestRequest.get("/headers"), ANONYMOUS);
        assertTrue(d.allowed());
        assertTrue(d.audited());
        assertEquals(List.of("dry-run DENY foo/dry-deny rule 0 would deny"), d.dryRunFindings());
        Decision other = authz.authorize(TestRequest.get("/ip").method("POST"), ANONYMOUS);
        assertFalse(other.audited());
        assertTrue(other.dryRunFindings().isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "  rules: [{to: [{operation: {paths: ['/foo/{*}.txt']}}]}] | spec.rules[0].to[0].operation.paths[0]: '/foo/{*}.txt': a path template may use",
            "  rules: [{to: [{operation: {paths: ['/{**}/foo/{*}']}}]}] | spec.rules[0].to[0].operation.paths[0]: '/{**}/foo/{*}': {**} must be the last operator",
            "  rules: [{to: [{operation: {paths: ['/*/baz/{*}']}}]}] | spec.rules[0].to[0].operation.paths[0]: '/*/baz/{*}': a path template may use",
            "  rules: [{from: [{source: {ipBlocks: [10.0.0.0/33]}}]}] | spec.rules[0].from[0].source.ipBlocks[0]: '10.0.0.0/33' is not an IP address or CIDR block",
            "  rules: [{from: [{source: {remoteIpBlocks: [example.com]}}]}] | spec.rules[0].from[0].source.remoteIpBlocks[0]: 'example.com' is not an IP address",
            "  rules: [{to: [{operation: {ports: ['http']}}]}] | spec.rules[0].to[0].operation.ports[0]: 'http' is not a port from 0 to 65535",
            "  rules: [{when: [{key: destination.port, values: ['70000']}]}] | spec.rules[0].when[0].values[0]: '70000' is not a port",
            "  rules: [{when: [{key: source.user, values: [x]}]}] | spec.rules[0].when[0].key: 'source.user' is not a supported condition key",
            "  rules: [{when: [{key: 'experimental.envoy.filters.network.mysql_proxy[db.table]', values: ['[update]']}]}] | needs an Envoy filter and is not supported",
            "  rules: [{from: [{source: {serviceAccounts: ['ns/*']}}]}] | spec.rules[0].from[0].source.serviceAccounts[0]: 'ns/*' is not <namespace>/<serviceaccount>",
    })
    void invalidValuesAreLoadErrorsNamingTheField(String spec, String expected) {
        PolicyException e = assertThrows(PolicyException.class, () -> Authorizer.compile(load(ap("bad", "  " + spec.trim())), NO_EXT));
        assertTrue(e.getMessage().startsWith("ap.yaml doc 0 AuthorizationPolicy foo/bad: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void customPoliciesAskTheExternalAuthorizer() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " x-user=" + ex.getRequestHeaders().getFirst("x-user"));
            boolean ok = "alice".equals(ex.getRequestHeaders().getFirst("x-user"));
            if (ex.getRequestURI().getPath().contains("slow")) {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = (ok ? "" : "denied by ext-authz").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("x-reason", ok ? "ok" : "unknown user");
            ex.sendResponseHeaders(ok ? 200 : 401, ok ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/check";
            Authorizer authz = Authorizer.compile(load(ap("ext", "  action: CUSTOM\n  provider: {name: my-authz}\n"
                    + "  rules: [{to: [{operation: {paths: ['/admin/*']}}]}]")), new AuthzOptions(0, url, Duration.ofMillis(500)));

            Decision allowed = authz.authorize(TestRequest.get("/admin/users?page=2").method("PATCH").header("x-user", "alice"), ANONYMOUS);
            assertTrue(allowed.allowed(), allowed::toString);
            assertEquals("PATCH /check/admin/users?page=2 x-user=alice", seen.get(0));

            Decision denied = authz.authorize(TestRequest.get("/admin/users").header("x-user", "bob"), ANONYMOUS);
            assertEquals(401, denied.status());
            assertEquals("denied by ext-authz", denied.body());
            assertEquals("unknown user", denied.headers().get("x-reason"));
            assertEquals("CUSTOM foo/ext rule 0: external authorizer denied with 401", denied.explanation());

            Decision timedOut = authz.authorize(TestRequest.get("/admin/slow").header("x-user", "alice"), ANONYMOUS);
            assertEquals(403, timedOut.status());
            assertEquals("CUSTOM foo/ext rule 0: external authorizer unavailable", timedOut.explanation());

            assertTrue(authz.authorize(TestRequest.get("/public"), ANONYMOUS).allowed(), "not matched: the authorizer is not asked");
            assertEquals(3, seen.size());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCustomPolicyWithoutAnAuthorizerDeniesWhatItMatches() throws Exception {
        Authorizer authz = Authorizer.compile(load(ap("ext", "  action: CUSTOM\n  provider: {name: my-authz}\n"
                + "  rules: [{to: [{operation: {paths: ['/admin/*']}}]}]")), NO_EXT);
        Decision d = authz.authorize(TestRequest.get("/admin/x"), ANONYMOUS);
        assertEquals(403, d.status());
        assertEquals("CUSTOM foo/ext rule 0: no external authorizer configured", d.explanation());
        assertTrue(authz.authorize(TestRequest.get("/x"), ANONYMOUS).allowed());
    }

    @Test
    void ipv4MappedIpv6AddressesMatchIpv4Blocks() {
        assertTrue(IpBlock.parse("192.0.2.0/24").contains(IpBlock.parseAddress("::ffff:192.0.2.1")));
        assertFalse(IpBlock.parse("192.0.2.0/24").contains(IpBlock.parseAddress("2001:db8::1")));
        assertTrue(IpBlock.parse("2001:db8::/32").contains(IpBlock.parseAddress("[2001:db8:ffff::1]")));
        assertEquals(null, IpBlock.parseAddress("010.0.0.1"), "no octal-looking octets");
        assertEquals(null, IpBlock.parseAddress("localhost"), "no name resolution");
    }
}
