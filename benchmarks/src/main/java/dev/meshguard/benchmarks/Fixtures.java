package dev.meshguard.benchmarks;

import dev.meshguard.bootstrap.RequestView;
import dev.meshguard.config.AgentConfig;
import dev.meshguard.engine.Engine;
import dev.meshguard.policy.PolicyException;
import dev.meshguard.policy.PolicyFiles;
import dev.meshguard.policy.PolicyLoader;
import dev.meshguard.policy.PolicySet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Policy sets of a given size, shaped like real ones: per-service ALLOW rules on path, method, JWT and header. */
public final class Fixtures {
    public static final String ISSUER = "https://issuer.example";

    private Fixtures() {
    }

    /**
     * An engine started as the agent starts one, on {@code yaml} in a file of its own (namespace {@code bench}), after
     * checking that its policies apply: {@code allowed} is allowed and {@code denied} is not.
     */
    public static Engine engine(String yaml, RequestView allowed, RequestView denied) throws IOException {
        Path dir = Files.createTempDirectory("meshguard-bench");
        Files.writeString(dir.resolve("policies.yaml"), yaml);
        Engine engine = Engine.start(AgentConfig.resolve("policyPath=" + dir + ",namespace=bench,logLevel=warn",
                new Properties(), Map.of(), p -> null));
        if (!engine.decide(allowed).allowed() || engine.decide(denied).allowed()) {
            engine.close();
            throw new IllegalStateException("the policies must apply: " + engine.describe());
        }
        return engine;
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
