package dev.meshguard.cli;

import dev.meshguard.policy.PolicyFiles;
import dev.meshguard.policy.PolicyLoader;
import dev.meshguard.policy.PolicySet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each of {@code validate}'s warnings about Istio's pitfalls, with the line that fixes it; and silence when none applies. */
class PolicyLintTest {
    static final PolicyLint.Workload ANY = new PolicyLint.Workload("foo", null, "istio-system");

    static String ap(String name, String spec) {
        return "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: " + name
                + ", namespace: foo}\nspec:\n" + spec + "\n";
    }

    static String ra(String name, String rules) {
        return "---\napiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: " + name
                + ", namespace: foo}\nspec:\n  jwtRules:\n" + rules + "\n";
    }

    static final String REQUIRE_JWT = ap("require", "  rules: [{from: [{source: {requestPrincipals: ['*']}}]}]");
    static final String RA = ra("jwt", "  - issuer: https://idp.example\n    jwksUri: https://idp.example/keys");

    static List<String> warnings(String yaml, PolicyLint.Workload workload) throws Exception {
        PolicySet set = new PolicyLoader("foo").load(PolicyFiles.of(List.of(PolicyFiles.entry("p.yaml",
                yaml.getBytes(StandardCharsets.UTF_8)))));
        return PolicyLint.warnings(set, workload);
    }

    static String only(String yaml) throws Exception {
        List<String> w = warnings(yaml, ANY);
        assertEquals(1, w.size(), w::toString);
        return w.get(0);
    }

    @Test
    void aDenyOnAHostWithoutItsPortForm() throws Exception {
        String w = only(ap("h", "  action: DENY\n  rules: [{to: [{operation: {hosts: [admin.example]}}]}]"));
        assertTrue(w.contains("spec.rules[0].to[0].operation.hosts[0]: 'admin.example' is matched against the Host header"
                + " exactly, port included: a client sending 'admin.example:8080' escapes this DENY under Istio"), w);
        assertTrue(w.endsWith("['admin.example', 'admin.example:*']"), w);
        assertTrue(warnings(ap("h", "  action: DENY\n  rules: [{to: [{operation: {hosts: [admin.example, 'admin.example:*']}}]}]"), ANY).isEmpty());
    }

    @Test
    void anAllowOnAHostThatAPortMakesFail() throws Exception {
        String w = only(ap("h", "  rules: [{to: [{operation: {hosts: [api.example]}}]}]"));
        assertTrue(w.contains("'api.example:8080' does not match, so Istio denies it"), w);
    }

    @Test
    void aGrpcMethodInMethods() throws Exception {
        String w = only(ap("g", "  rules: [{to: [{operation: {methods: [/shop.Catalog/List]}}]}]"));
        assertTrue(w.contains("methods[0]: '/shop.Catalog/List' looks like a gRPC method; for gRPC the method is always POST"), w);
        assertTrue(w.endsWith("use paths: ['/shop.Catalog/List']"), w);
        assertTrue(only(ap("g", "  rules: [{to: [{operation: {methods: [shop.Catalog.List]}}]}]")).endsWith("use paths: ['/shop.Catalog/List']"));
    }

    @Test
    void requestPrincipalsWithoutAnyRequestAuthentication() throws Exception {
        String w = only(REQUIRE_JWT);
        assertTrue(w.contains("from[0].source.requestPrincipals: no RequestAuthentication applies to this workload, so no request"
                + " has a principal and requestPrincipals never matches"), w);
        assertTrue(warnings(REQUIRE_JWT + RA, ANY).isEmpty());
        assertTrue(only(ap("w", "  rules: [{when: [{key: 'request.auth.claims[group]', values: [a]}]}]"))
                .contains("'request.auth.claims[group]' is always absent"));
    }

    @Test
    void aJwksUriOverPlainHttp() throws Exception {
        String w = only(REQUIRE_JWT + ra("jwt", "  - issuer: https://idp.example\n    jwksUri: http://idp.example/keys"));
        assertTrue(w.contains("spec.jwtRules[0].jwksUri: 'http://idp.example/keys' is fetched over plain http"), w);
    }

    @Test
    void twoRulesForOneIssuer() throws Exception {
        String w = only(REQUIRE_JWT + RA + ra("again", "  - issuer: https://idp.example\n    jwksUri: https://idp.example/other"));
        assertTrue(w.contains("RequestAuthentication foo/again: spec.jwtRules[0].issuer: 'https://idp.example' already has a rule"
                + " (p.yaml doc 1 RequestAuthentication foo/jwt: spec.jwtRules[0])"), w);
    }

    @Test
    void peerIdentityWithoutMutualTls() throws Exception {
        String w = only(ap("p", "  rules: [{from: [{source: {principals: [cluster.local/ns/a/sa/b]}}]}]"));
        assertTrue(w.contains("source.principals: the peer identity comes from a SPIFFE client certificate, which Meshguard sees"
                + " only when the server itself terminates mutual TLS"), w);
        assertTrue(only(ap("p", "  action: DENY\n  rules: [{from: [{source: {notNamespaces: [a]}}]}]")).contains("never matches and so always holds"));
    }

    @Test
    void pathsANormalisedRequestPathNeverHas() throws Exception {
        assertTrue(only(ap("p", "  action: DENY\n  rules: [{to: [{operation: {paths: ['/a/../admin']}}]}]")).contains("has a dot segment"));
        assertTrue(only(ap("p", "  action: DENY\n  rules: [{to: [{operation: {paths: ['/a//b']}}]}]"))
                .contains("has '//': Envoy keeps it (Istio's BASE normalisation), but Tomcat merges it"));
        assertTrue(only(ap("p", "  action: DENY\n  rules: [{to: [{operation: {paths: ['/%61dmin']}}]}]"))
                .contains("has the escape %61, which Envoy decodes before matching: it never matches; write 'a'"));
        assertTrue(only(ap("p", "  action: DENY\n  rules: [{to: [{operation: {paths: ['/a%2Fb']}}]}]"))
                .contains("has the escape %2F, which every server decodes before routing (Tomcat, Jetty and Undertow)"));
        assertTrue(only(ap("p", "  action: DENY\n  rules: [{to: [{operation: {paths: ['api/*']}}]}]"))
                .contains("does not start with '/' or '*', so it can never match a request path"));
    }

    @Test
    void aSelectorTheWorkloadsLabelsDoNotMatch() throws Exception {
        String yaml = ap("s", "  selector: {matchLabels: {app: reviews}}\n  action: DENY\n  rules: [{to: [{operation: {paths: ['/x']}}]}]");
        assertTrue(warnings(yaml, ANY).isEmpty(), "without labels every selector is taken to match");
        String w = warnings(yaml, new PolicyLint.Workload("foo", Map.of("app", "ratings"), "istio-system")).get(0);
        assertTrue(w.contains("spec.selector.matchLabels {app=reviews} does not match the workload's labels {app=ratings}"), w);
        assertTrue(warnings(yaml, new PolicyLint.Workload("foo", Map.of("app", "reviews"), "istio-system")).isEmpty());
    }

    @Test
    void aSoundPolicySetIsQuiet() throws Exception {
        String yaml = RA + ap("require", "  action: DENY\n  rules: [{from: [{source: {notRequestPrincipals: ['*']}}],"
                + " to: [{operation: {hosts: [shop.example, 'shop.example:*'], paths: ['/api/*'], methods: [GET, POST]}}]}]");
        assertTrue(warnings(yaml, ANY).isEmpty(), () -> {
            try {
                return warnings(yaml, ANY).toString();
            } catch (Exception e) {
                return e.toString();
            }
        });
    }
}
