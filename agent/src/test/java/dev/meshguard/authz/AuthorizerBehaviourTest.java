package dev.meshguard.authz;

import dev.meshguard.bootstrap.HeaderMutation;
import dev.meshguard.jwt.AuthResult;
import dev.meshguard.policy.PolicyException;
import dev.meshguard.testing.TestRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static dev.meshguard.authz.AuthorizerTest.ap;
import static dev.meshguard.authz.AuthorizerTest.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthorizerBehaviourTest {
    private static final AuthResult ANONYMOUS = AuthResult.noToken(HeaderMutation.none());
    private static final AuthzOptions NO_EXT = new AuthzOptions(0, false);

    @Test
    void dryRunPoliciesReportTheirWouldBeEffectAndAuditMarksTheDecision() throws Exception {
        String yaml = ap("dry-deny", "  action: DENY\n  rules: [{to: [{operation: {paths: [/headers]}}]}]")
                .replace("namespace: foo}", "namespace: foo, annotations: {istio.io/dry-run: 'true'}}")
                + ap("audit", "  action: AUDIT\n  rules: [{to: [{operation: {methods: [GET]}}]}]");
        Authorizer authz = Authorizer.compile(load(yaml), NO_EXT);
        Decision d = AuthorizerTest.decide(authz, TestRequest.get("/headers"), ANONYMOUS);
        assertTrue(d.allowed());
        assertEquals("ns[foo]-policy[audit]-rule[0]", d.auditMatches().get(0).rbacPolicyName());
        assertEquals(1, d.dryRunMatches().size());
        assertEquals("ns[foo]-policy[dry-deny]-rule[0]", d.dryRunMatches().get(0).rbacPolicyName());
        assertEquals(Decision.FilterResult.DENIED, d.denyShadow(), "the dry-run DENY would deny");
        assertEquals(Decision.FilterResult.ABSENT, d.denyFilter(), "no enforced DENY policy, so no enforced DENY filter");
        assertEquals(Decision.FilterResult.ALLOWED, d.auditFilter());
        Decision other = AuthorizerTest.decide(authz, TestRequest.get("/ip").method("POST"), ANONYMOUS);
        assertTrue(other.auditMatches().isEmpty());
        assertTrue(other.dryRunMatches().isEmpty());
        assertEquals(Decision.FilterResult.ALLOWED, other.denyShadow());
    }

    @ParameterizedTest(name = "istio.io/dry-run: {0} -> dry-run {1}")
    @CsvSource({"1, true", "t, true", "T, true", "TRUE, true", "true, true", "True, true",
            "0, false", "f, false", "F, false", "FALSE, false", "false, false", "False, false"})
    void theDryRunAnnotationIsReadAsGosParseBool(String value, boolean dryRun) throws Exception {
        Authorizer authz = Authorizer.compile(load(ap("deny-all", "  action: DENY\n  rules: [{}]").replace("namespace: foo}",
                "namespace: foo, annotations: {istio.io/dry-run: '" + value + "'}}")), NO_EXT);
        Decision d = AuthorizerTest.decide(authz, TestRequest.get("/"), ANONYMOUS);
        assertEquals(dryRun, d.allowed());
        assertEquals(dryRun ? Decision.FilterResult.DENIED : Decision.FilterResult.ABSENT, d.denyShadow());
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
    void aCustomPolicyWithoutAnAuthorizerDeniesWhatItMatches() throws Exception {
        Authorizer authz = Authorizer.compile(load(ap("ext", "  action: CUSTOM\n  provider: {name: my-authz}\n"
                + "  rules: [{to: [{operation: {paths: ['/admin/*']}}]}]")), NO_EXT);
        Decision d = AuthorizerTest.decide(authz, TestRequest.get("/admin/x"), ANONYMOUS);
        assertEquals(403, d.status());
        assertEquals(Decision.Filter.CUSTOM, d.deniedBy());
        assertEquals(Decision.RBAC_DENIED, d.body());
        assertEquals("rbac_access_denied_matched_policy[istio-ext-authz-my-authz-ns[foo]-policy[ext]-rule[0]"
                + "-deny-due-to-bad-CUSTOM-action]", d.details(), "Istio's policy for a CUSTOM action with a bad provider");
        assertTrue(AuthorizerTest.decide(authz, TestRequest.get("/x"), ANONYMOUS).allowed());
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
