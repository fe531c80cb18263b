package dev.meshguard.benchmarks;

import dev.meshguard.policy.PolicyException;
import dev.meshguard.policy.PolicyFiles;
import dev.meshguard.policy.PolicyLoader;
import dev.meshguard.policy.PolicySet;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Policy sets of a given size, shaped like real ones: per-service ALLOW rules on path, method, JWT and header. */
public final class Fixtures {
    public static final String ISSUER = "https://issuer.example";

    private Fixtures() {
    }

    public static PolicySet load(String yaml) throws PolicyException {
        return new PolicyLoader("bench").load(PolicyFiles.of(List.of(
                PolicyFiles.entry("bench.yaml", yaml.getBytes(StandardCharsets.UTF_8)))));
    }

    /** {@code count} ALLOW policies, one per service path, plus one DENY for an admin path. */
    public static String authorizationPolicies(int count) {
        StringBuilder sb = new StringBuilder();
        sb.append("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: deny-admin, namespace: bench}\n")
                .append("spec:\n  action: DENY\n  rules: [{to: [{operation: {paths: ['/admin/*']}}]}]\n");
        for (int i = 0; i < count; i++) {
            sb.append("---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: svc-").append(i)
                    .append(", namespace: bench}\nspec:\n  rules:\n  - from: [{source: {requestPrincipals: ['").append(ISSUER).append("/*']}}]\n")
                    .append("    to: [{operation: {methods: [GET, POST], paths: ['/svc").append(i).append("/*']}}]\n")
                    .append("    when: [{key: 'request.headers[x-tenant]', values: [acme, 'beta-*']}]\n");
        }
        return sb.toString();
    }

    public static String requestAuthentication(String jwks) {
        return "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt, namespace: bench}\n"
                + "spec:\n  jwtRules:\n  - issuer: " + ISSUER + "\n    jwks: '" + jwks + "'\n";
    }
}
