package dev.meshguard.engine;

import dev.meshguard.config.AgentConfig;
import dev.meshguard.log.Logger;
import dev.meshguard.testing.Seed;
import dev.meshguard.testing.TestRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a decision leaves behind, read from its typed fields: the decision log names the policy, action and rule with
 * Envoy's response details for a DENY, an unmatched ALLOW, a dry-run match and an AUDIT match; the metrics count them
 * as meshguard_* and as the Envoy counters an Istio sidecar exports.
 */
class DecisionRecordTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Engine engine;

    @AfterEach
    void close() {
        Logger.output(System.err);
        if (engine != null) {
            engine.close();
        }
    }

    static String policies() throws Exception {
        String ra = Seed.policies().substring(0, Seed.policies().indexOf("---"));
        String ap = "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: %s, namespace: foo%s}\nspec:\n%s\n";
        return ra + String.format(ap, "deny-admin", "", "  action: DENY\n  rules: [{to: [{operation: {paths: ['/admin*']}}]}]")
                + String.format(ap, "allow-known", "", "  rules: [{to: [{operation: {paths: ['/page*', '/admin*', '/dry*', '/audit*']}}]}]")
                + String.format(ap, "dry-deny", ", annotations: {istio.io/dry-run: 'true'}",
                        "  action: DENY\n  rules:\n  - to: [{operation: {paths: [/x]}}]\n  - to: [{operation: {paths: ['/dry*']}}]")
                + String.format(ap, "audit-it", "", "  action: AUDIT\n  rules: [{to: [{operation: {paths: ['/audit*']}}]}]");
    }

    @Test
    void theLogAndTheMetricsReadTheDecisionsFields() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), policies());
        Logger.configure(Logger.Level.INFO, false);
        Logger.output(new PrintStream(log, true, StandardCharsets.UTF_8));
        engine = Engine.start(AgentConfig.resolve("policyPath=" + dir + ",metricsPort=0,namespace=foo", new Properties(),
                Map.of(), p -> null));
        String token = Seed.demoToken();
        assertEquals(403, engine.decide(TestRequest.get("/admin/users")).status());
        assertEquals(403, engine.decide(TestRequest.get("/other")).status());
        assertTrue(engine.decide(TestRequest.get("/dry/run")).allowed());
        assertTrue(engine.decide(TestRequest.get("/audit/x")).allowed());
        assertTrue(engine.decide(TestRequest.get("/page").bearer(token)).allowed());
        assertTrue(engine.decide(TestRequest.get("/page").bearer(token)).allowed());
        assertEquals(401, engine.decide(TestRequest.get("/page").bearer("a.b.c")).status());
        assertTrue(engine.decide(TestRequest.get("/page").method("OPTIONS").header("Origin", "o")
                .header("Access-Control-Request-Method", "GET").bearer("junk")).allowed());

        String lines = log.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("deny GET /admin/users 403 rbac_access_denied_matched_policy[ns[foo]-policy[deny-admin]-rule[0]]"
                + " as Envoy reads it (DENY foo/deny-admin rule 0)"), lines);
        assertTrue(lines.contains("deny GET /other 403 rbac_access_denied_matched_policy[none] as Envoy reads it"
                + " (no ALLOW policy matched)"), lines);
        assertTrue(lines.contains("dry-run policy GET /dry/run ns[foo]-policy[dry-deny]-rule[1] (DENY) would deny"), lines);
        assertTrue(lines.contains("audit GET /audit/x ns[foo]-policy[audit-it]-rule[0]"), lines);
        assertTrue(lines.contains("deny GET /page 401 jwt_authn_access_denied{Jwt_header_is_an_invalid_Base64url_encoded}"), lines);
        assertFalse(lines.contains(token.substring(token.lastIndexOf('.') + 1)), "never a token");

        String m = MetricsTest.get("http://127.0.0.1:" + engine.metricsPort() + "/metrics").body();
        String at = "{http_conn_manager_prefix=\"inbound_0.0.0.0_8080\"";
        assertTrue(m.contains("meshguard_requests_total{decision=\"deny\"} 2\n"), m);
        assertTrue(m.contains("meshguard_denials_total{reason=\"DENY\",policy=\"foo/deny-admin\"} 1\n"), m);
        assertTrue(m.contains("meshguard_denials_total{reason=\"ALLOW\",policy=\"\"} 1\n"), m);
        assertTrue(m.contains("envoy_http_jwt_authn_allowed" + at + "} 7\n"), m);
        assertTrue(m.contains("envoy_http_jwt_authn_denied" + at + "} 1\n"), m);
        assertTrue(m.contains("envoy_http_jwt_authn_cors_preflight_bypassed" + at + "} 1\n"), m);
        assertTrue(m.contains("envoy_http_jwt_authn_jwt_cache_miss" + at + "} 2\n"), m);
        assertTrue(m.contains("envoy_http_jwt_authn_jwt_cache_hit" + at + "} 1\n"), m);
        // RBAC filters passed: AUDIT (7 requests reach it), DENY (7: allows 6, denies 1), ALLOW (6: allows 5, denies 1).
        assertTrue(m.contains("envoy_http_rbac" + at + ",authz_enforce_result=\"allowed\"} 18\n"), m);
        assertTrue(m.contains("envoy_http_rbac" + at + ",authz_enforce_result=\"denied\"} 2\n"), m);
        assertTrue(m.contains("envoy_http_rbac" + at + ",authz_dry_run_action=\"deny\",authz_dry_run_result=\"denied\"} 1\n"), m);
        assertTrue(m.contains("envoy_http_rbac" + at + ",authz_dry_run_action=\"deny\",authz_dry_run_result=\"allowed\"} 6\n"), m);
        assertTrue(m.contains("envoy_http_rbac" + at + ",authz_dry_run_action=\"allow\",authz_dry_run_result=\"allowed\"} 0\n"), m);
    }
}
