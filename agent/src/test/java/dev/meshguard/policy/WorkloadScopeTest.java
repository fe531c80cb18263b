package dev.meshguard.policy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WorkloadScopeTest {

    @Test
    void appliesPoliciesOfTheRootAndOwnNamespaceWhoseSelectorIsASubsetOfTheLabels() throws Exception {
        String yaml = String.join("---\n",
                policy("root-wide", "istio-system", ""),
                policy("root-selected", "istio-system", "  selector: {matchLabels: {app: httpbin}}\n"),
                policy("root-other-app", "istio-system", "  selector: {matchLabels: {app: other}}\n"),
                policy("ns-wide", "foo", ""),
                policy("ns-subset", "foo", "  selector: {matchLabels: {app: httpbin}}\n"),
                policy("ns-superset", "foo", "  selector: {matchLabels: {app: httpbin, version: v2}}\n"),
                policy("ns-gateway", "foo", "  targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: gw}]\n"),
                policy("other-ns", "bar", ""),
                "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt, namespace: bar}\n"
                        + "spec: {jwtRules: [{issuer: x}]}\n",
                "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt, namespace: foo}\n"
                        + "spec: {selector: {matchLabels: {app: httpbin}}, jwtRules: [{issuer: x}]}\n");
        PolicySet all = new PolicyLoader("foo").load(PolicyFiles.of(List.of(
                PolicyFiles.entry("p.yaml", yaml.getBytes(StandardCharsets.UTF_8)))));

        WorkloadScope scope = new WorkloadScope("foo", Map.of("app", "httpbin", "version", "v1"), "istio-system");
        PolicySet mine = scope.select(all);

        assertEquals(List.of("istio-system/root-wide", "istio-system/root-selected", "foo/ns-wide", "foo/ns-subset"),
                mine.authorizationPolicies().stream().map(p -> p.metadata().qualifiedName()).toList());
        assertEquals(List.of("foo/jwt"),
                mine.requestAuthentications().stream().map(p -> p.metadata().qualifiedName()).toList());
    }

    @Test
    void aCustomRootNamespaceReplacesIstioSystem() throws Exception {
        PolicySet all = new PolicyLoader("foo").load(PolicyFiles.of(List.of(PolicyFiles.entry("p.yaml",
                (policy("a", "istio-system", "") + "---\n" + policy("b", "mesh-root", "")).getBytes(StandardCharsets.UTF_8)))));
        PolicySet mine = new WorkloadScope("foo", Map.of(), "mesh-root").select(all);
        assertEquals(List.of("mesh-root/b"),
                mine.authorizationPolicies().stream().map(p -> p.metadata().qualifiedName()).toList());
    }

    private static String policy(String name, String namespace, String spec) {
        return "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: " + name
                + ", namespace: " + namespace + "}\nspec:\n" + (spec.isEmpty() ? "  {}\n" : spec);
    }
}
