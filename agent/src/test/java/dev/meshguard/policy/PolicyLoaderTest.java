package dev.meshguard.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyLoaderTest {
    private final PolicyLoader loader = new PolicyLoader("default");

    static Stream<Arguments> istioExamples() {
        return Stream.of(
                Arguments.of("request_authentication-1.yaml", 1, 1),
                Arguments.of("request_authentication-2.yaml", 1, 1),
                Arguments.of("request_authentication-3.yaml", 1, 1),
                Arguments.of("request_authentication-4.yaml", 0, 1),
                Arguments.of("request_authentication-5.yaml", 1, 1),
                Arguments.of("authorization_policy-1.yaml", 0, 1),
                Arguments.of("authorization_policy-2.yaml", 0, 1),
                Arguments.of("authorization_policy-3.yaml", 0, 1),
                Arguments.of("authorization_policy-4.yaml", 0, 1),
                Arguments.of("authorization_policy-5.yaml", 0, 1),
                Arguments.of("authorization_policy-6.yaml", 0, 1),
                Arguments.of("authorization_policy-7.yaml", 0, 1),
                Arguments.of("authorization_policy-8.yaml", 0, 1),
                Arguments.of("authorization_policy-9.yaml", 0, 1),
                Arguments.of("authorization_policy-10.yaml", 0, 1),
                Arguments.of("field-examples.yaml", 1, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("istioExamples")
    void loadsEveryExampleOfIstiosReferencePages(String file, int authentications, int authorizations) throws Exception {
        PolicySet set = load(file, resource(file));
        assertEquals(authentications, set.requestAuthentications().size());
        assertEquals(authorizations, set.authorizationPolicies().size());
    }

    @Test
    void readsEveryFieldOfAnAuthorizationPolicy() throws Exception {
        AuthorizationPolicy p = load("ap.yaml", resource("authorization_policy-1.yaml")).authorizationPolicies().get(0);
        assertEquals("foo/httpbin", p.metadata().qualifiedName());
        assertEquals(Action.ALLOW, p.action());
        Rule rule = p.rules().get(0);
        assertEquals(List.of("cluster.local/ns/default/sa/sleep"), rule.from().get(0).values(RuleField.PRINCIPALS));
        assertEquals(List.of("test"), rule.from().get(1).values(RuleField.NAMESPACES));
        assertEquals(List.of("POST"), rule.to().get(1).values(RuleField.METHODS));
        assertEquals(List.of("/data"), rule.to().get(1).values(RuleField.PATHS));
        assertEquals("request.auth.claims[iss]", rule.when().get(0).key());
        assertEquals(List.of("https://accounts.google.com"), rule.when().get(0).values());
        assertEquals("ap.yaml doc 0", p.origin().toString());
    }

    @Test
    void readsDryRunAnnotationCustomProviderAndDefaultNamespace() throws Exception {
        AuthorizationPolicy dryRun = load("a.yaml", resource("authorization_policy-9.yaml")).authorizationPolicies().get(0);
        assertTrue(dryRun.dryRun());
        assertEquals(Action.DENY, dryRun.action());
        assertEquals("default/dry-run-example", dryRun.metadata().qualifiedName());
        assertEquals(Map.of("app", "httpbin"), dryRun.selector().matchLabels());

        AuthorizationPolicy custom = load("a.yaml", resource("authorization_policy-10.yaml")).authorizationPolicies().get(0);
        assertEquals(Action.CUSTOM, custom.action());
        assertEquals("my-custom-authz", custom.provider());

        AuthorizationPolicy allowNothing = load("a.yaml", resource("authorization_policy-5.yaml")).authorizationPolicies().get(0);
        assertTrue(allowNothing.rules().isEmpty());
        assertEquals(Action.ALLOW, allowNothing.action());
        assertNull(allowNothing.selector());
    }

    @Test
    void readsEveryFieldOfAJwtRule() throws Exception {
        String yaml = ra("full", "  jwtRules:\n"
                + "  - issuer: https://issuer.example\n"
                + "    audiences: [a, b]\n"
                + "    jwks: '{\"keys\":[]}'\n"
                + "    fromHeaders:\n    - name: x-jwt\n      prefix: 'Bearer '\n    - name: x-raw\n"
                + "    fromParams: [token]\n"
                + "    fromCookies: [session]\n"
                + "    outputPayloadToHeader: x-payload\n"
                + "    forwardOriginalToken: true\n"
                + "    outputClaimToHeaders:\n    - header: x-sub\n      claim: sub\n"
                + "    timeout: 1m30s\n"
                + "    spaceDelimitedClaims: [roles]\n"
                + "  - issuer: https://discovery.example\n"
                + "  - issuer: https://uri.example\n    jwks_uri: https://uri.example/keys\n");
        List<JwtRule> rules = load("ra.yaml", yaml).requestAuthentications().get(0).jwtRules();
        JwtRule r = rules.get(0);
        assertEquals("https://issuer.example", r.issuer());
        assertEquals(List.of("a", "b"), r.audiences());
        assertEquals("{\"keys\":[]}", r.jwks());
        assertNull(r.jwksUri());
        assertEquals("x-jwt", r.fromHeaders().get(0).name());
        assertEquals("Bearer ", r.fromHeaders().get(0).prefix());
        assertEquals("", r.fromHeaders().get(1).prefix());
        assertEquals(List.of("token"), r.fromParams());
        assertEquals(List.of("session"), r.fromCookies());
        assertEquals("x-payload", r.outputPayloadToHeader());
        assertTrue(r.forwardOriginalToken());
        assertEquals("x-sub", r.outputClaimToHeaders().get(0).header());
        assertEquals("sub", r.outputClaimToHeaders().get(0).claim());
        assertEquals(Duration.ofSeconds(90), r.timeout());
        assertEquals(List.of("roles"), r.spaceDelimitedClaims());
        assertFalse(r.usesDefaultLocations());

        JwtRule discovery = rules.get(1);
        assertNull(discovery.jwks());
        assertNull(discovery.jwksUri());
        assertEquals(JwtRule.DEFAULT_TIMEOUT, discovery.timeout());
        assertFalse(discovery.forwardOriginalToken());
        assertTrue(discovery.usesDefaultLocations());
        assertEquals("https://uri.example/keys", rules.get(2).jwksUri());
    }

    @Test
    void readsTargetRefs() throws Exception {
        String yaml = ap("gw", "  targetRefs:\n  - kind: Gateway\n    group: gateway.networking.k8s.io\n    name: waypoint\n");
        AuthorizationPolicy p = load("a.yaml", yaml).authorizationPolicies().get(0);
        assertEquals("[Gateway/waypoint]", p.targetRefs().toString());
    }

    @Test
    void readsKubectlListOutputAsJsonAndYaml() throws Exception {
        String json = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"\"},\"items\":["
                + "{\"apiVersion\":\"security.istio.io/v1beta1\",\"kind\":\"AuthorizationPolicy\","
                + "\"metadata\":{\"name\":\"deny\",\"namespace\":\"foo\",\"uid\":\"1f1\",\"resourceVersion\":\"42\","
                + "\"creationTimestamp\":\"2026-01-01T00:00:00Z\",\"generation\":1,\"managedFields\":[{\"manager\":\"kubectl\"}]},"
                + "\"spec\":{\"action\":\"DENY\",\"rules\":[{}]},\"status\":{}},"
                + "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},\"data\":{}}]}";
        PolicySet set = load("all.json", json);
        assertEquals(1, set.authorizationPolicies().size());
        AuthorizationPolicy p = set.authorizationPolicies().get(0);
        assertEquals("all.json doc 0 item 0", p.origin().toString());
        assertEquals(1, p.rules().size());
        assertTrue(p.rules().get(0).from().isEmpty());

        String yaml = "apiVersion: v1\nkind: List\nitems:\n"
                + "- apiVersion: security.istio.io/v1\n  kind: RequestAuthentication\n  metadata: {name: jwt, namespace: foo}\n"
                + "  spec:\n    jwtRules: [{issuer: x}]\n";
        assertEquals(1, load("all.yaml", yaml).requestAuthentications().size());
    }

    @Test
    void skipsOtherKindsAndEmptyDocuments() throws Exception {
        String yaml = "---\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n---\n"
                + ap("a", "  action: DENY\n  rules: [{}]\n");
        PolicySet set = load("mixed.yaml", yaml);
        assertEquals(1, set.authorizationPolicies().size());
        for (PolicySet none : new PolicySet[] {load("empty.yaml", ""), load("comments.yaml", "# nothing yet\n")}) {
            assertEquals(0, none.authorizationPolicies().size() + none.requestAuthentications().size());
        }
    }

    static Stream<Arguments> invalidInputs() {
        return Stream.of(
                Arguments.of("unknown field",
                        ap("deny-all", "  rules:\n  - to:\n    - operation:\n        methodz: [GET]\n"),
                        "policies.yaml doc 3 AuthorizationPolicy foo/deny-all: spec.rules[0].to[0].operation.methodz: unknown field"),
                Arguments.of("unknown spec field", ap("x", "  rulez: []\n"), "AuthorizationPolicy foo/x: spec.rulez: unknown field"),
                Arguments.of("wrong type: list expected", ap("x", "  rules:\n  - to:\n    - operation:\n        methods: GET\n"),
                        "spec.rules[0].to[0].operation.methods: must be a list"),
                Arguments.of("wrong type: string expected", ap("x", "  rules:\n  - to:\n    - operation:\n        ports: [8080]\n"),
                        "spec.rules[0].to[0].operation.ports[0]: must be a string"),
                Arguments.of("wrong type: boolean expected", ra("x", "  jwtRules:\n  - issuer: i\n    forwardOriginalToken: 'yes'\n"),
                        "RequestAuthentication foo/x: spec.jwtRules[0].forwardOriginalToken: must be true or false"),
                Arguments.of("neither issuer nor jwksUri", ra("x", "  jwtRules:\n  - audiences: [a]\n"),
                        "spec.jwtRules[0]: issuer or jwksUri must be non-empty string"),
                Arguments.of("inline jwks without issuer", ra("x", "  jwtRules:\n  - jwks: '{\"keys\":[]}'\n"),
                        "spec.jwtRules[0]: issuer or jwksUri must be non-empty string"),
                Arguments.of("empty issuer", ra("x", "  jwtRules:\n  - issuer: ''\n    jwksUri: https://k\n"),
                        "spec.jwtRules[0].issuer: should be at least 1 chars long"),
                Arguments.of("empty audience", ra("x", "  jwtRules:\n  - issuer: i\n    audiences: ['']\n"),
                        "spec.jwtRules[0].audiences[0]: audience must be non-empty string"),
                Arguments.of("empty header location", ra("x", "  jwtRules:\n  - issuer: i\n    fromHeaders: [{name: ''}]\n"),
                        "spec.jwtRules[0].fromHeaders[0].name: location header name must be non-empty string"),
                Arguments.of("empty param location", ra("x", "  jwtRules:\n  - issuer: i\n    fromParams: ['']\n"),
                        "spec.jwtRules[0].fromParams[0]: location query must be non-empty string"),
                Arguments.of("empty cookie location", ra("x", "  jwtRules:\n  - issuer: i\n    fromCookies: ['']\n"),
                        "spec.jwtRules[0].fromCookies[0]: cookie name must be non-empty string"),
                Arguments.of("empty claim header", ra("x", "  jwtRules:\n  - issuer: i\n    outputClaimToHeaders: [{header: h, claim: ''}]\n"),
                        "spec.jwtRules[0].outputClaimToHeaders[0]: outputClaimToHeaders header and claim value must be non-empty string"),
                Arguments.of("dry-run on a RequestAuthentication", ra("x", "  jwtRules:\n  - issuer: i\n").replace("\n  namespace: foo\n", "\n  namespace: foo\n  annotations: {istio.io/dry-run: 'true'}\n"),
                        "metadata.annotations.istio.io/dry-run: foo/x has unsupported annotation istio.io/dry-run, please remove the annotation"),
                Arguments.of("dry-run on a CUSTOM policy", ap("x", "  action: CUSTOM\n  provider: {name: p}\n  rules: [{}]\n").replace("\n  namespace: foo\n", "\n  namespace: foo\n  annotations: {istio.io/dry-run: 'false'}\n"),
                        "the annotation istio.io/dry-run currently only supports action ALLOW/DENY, found action CUSTOM in foo/x"),
                Arguments.of("dry-run on an AUDIT policy", ap("x", "  action: AUDIT\n  rules: [{}]\n").replace("\n  namespace: foo\n", "\n  namespace: foo\n  annotations: {istio.io/dry-run: 'true'}\n"),
                        "found action AUDIT in foo/x"),
                Arguments.of("dry-run value ParseBool refuses", ap("x", "  action: DENY\n  rules: [{}]\n").replace("\n  namespace: foo\n", "\n  namespace: foo\n  annotations: {istio.io/dry-run: 'yes'}\n"),
                        "foo/x has annotation istio.io/dry-run with invalid value (yes): strconv.ParseBool: parsing \"yes\": invalid syntax"),
                Arguments.of("missing metadata.name", "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {namespace: foo}\n",
                        "metadata.name: is required"),
                Arguments.of("unknown action", ap("x", "  action: PERMIT\n"),
                        "spec.action: 'PERMIT' is not one of ALLOW, DENY, AUDIT, CUSTOM"),
                Arguments.of("unsupported apiVersion", "apiVersion: security.istio.io/v2\nkind: AuthorizationPolicy\nmetadata: {name: x, namespace: foo}\n",
                        "AuthorizationPolicy foo/x: apiVersion: 'security.istio.io/v2' is not supported"),
                Arguments.of("jwksUri scheme", ra("x", "  jwtRules:\n  - issuer: i\n    jwksUri: ftp://k/keys\n"),
                        "spec.jwtRules[0].jwksUri: url must have scheme http:// or https://"),
                Arguments.of("jwks and jwksUri", ra("x", "  jwtRules:\n  - issuer: i\n    jwksUri: https://k\n    jwks: '{}'\n"),
                        "spec.jwtRules[0]: only one of jwks or jwksUri can be set"),
                Arguments.of("bad timeout", ra("x", "  jwtRules:\n  - issuer: i\n    timeout: 5 seconds\n"),
                        "spec.jwtRules[0].timeout: must be a valid duration greater than 1ms"),
                Arguments.of("zero timeout", ra("x", "  jwtRules:\n  - issuer: i\n    timeout: 0s\n"),
                        "spec.jwtRules[0].timeout: must be a valid duration greater than 1ms"),
                Arguments.of("fromHeaders as strings", ra("x", "  jwtRules:\n  - issuer: i\n    fromHeaders: [x-goog-iap-jwt-assertion]\n"),
                        "spec.jwtRules[0].fromHeaders[0]: must be an object"),
                Arguments.of("claim header name", ra("x", "  jwtRules:\n  - issuer: i\n    outputClaimToHeaders: [{header: 'x sub', claim: sub}]\n"),
                        "spec.jwtRules[0].outputClaimToHeaders[0].header: header name x sub is not a valid header name"),
                Arguments.of("selector wildcard", ap("x", "  selector:\n    matchLabels:\n      app: '*'\n"),
                        "spec.selector.matchLabels.app: wildcard not allowed in label value match"),
                Arguments.of("selector and targetRef", ap("x", "  selector: {matchLabels: {app: a}}\n  targetRef: {kind: Gateway, name: g}\n"),
                        "spec: only one of targetRefs or selector can be set"),
                Arguments.of("cross-namespace targetRef", ap("x", "  targetRef: {kind: Gateway, name: g, namespace: other}\n"),
                        "spec.targetRef.namespace: cross namespace referencing is not currently supported"),
                Arguments.of("when without values", ap("x", "  rules:\n  - when:\n    - key: request.headers[x]\n"),
                        "spec.rules[0].when[0]: at least one of values or notValues must be set for key request.headers[x]"),
                Arguments.of("empty from", ap("x", "  rules:\n  - from: []\n"), "spec.rules[0].from: must not be empty"),
                Arguments.of("empty source", ap("x", "  rules:\n  - from:\n    - source: {}\n"),
                        "spec.rules[0].from[0].source: must not be empty"),
                Arguments.of("missing operation", ap("x", "  rules:\n  - to:\n    - {}\n"),
                        "spec.rules[0].to[0].operation: is required"),
                Arguments.of("serviceAccounts with namespaces", ap("x", "  rules:\n  - from:\n    - source:\n        serviceAccounts: [ns/sa]\n        namespaces: [ns]\n"),
                        "spec.rules[0].from[0].source: cannot set serviceAccounts with namespaces or principals"),
                Arguments.of("CUSTOM without provider", ap("x", "  action: CUSTOM\n  rules: [{}]\n"),
                        "spec.provider: is required with action CUSTOM"),
                Arguments.of("DENY without rules", ap("x", "  action: DENY\n"),
                        "spec.rules: DENY action without `rules` is meaningless as it will never be triggered, add an empty rule `{}`"),
                Arguments.of("CUSTOM without rules", ap("x", "  action: CUSTOM\n  provider: {name: p}\n  rules: []\n"),
                        "spec.rules: CUSTOM action without `rules` is meaningless"),
                Arguments.of("CUSTOM on request principals", ap("x", "  action: CUSTOM\n  provider: {name: p}\n"
                        + "  rules: [{from: [{source: {requestPrincipals: ['*']}}]}]\n"),
                        "spec.rules[0]: From.RequestPrincipals is currently not supported with CUSTOM action"),
                Arguments.of("CUSTOM on a JWT claim", ap("x", "  action: CUSTOM\n  provider: {name: p}\n"
                        + "  rules: [{when: [{key: 'request.auth.claims[group]', values: [a]}]}]\n"),
                        "spec.rules[0]: request.auth.claims[group] is currently not supported with CUSTOM action"),
                Arguments.of("provider without CUSTOM", ap("x", "  action: DENY\n  provider: {name: p}\n"),
                        "spec.provider: can only be set with action CUSTOM"),
                Arguments.of("YAML syntax", "apiVersion: security.istio.io/v1\nkind: [\n", "policies.yaml doc 0: not valid YAML"),
                Arguments.of("duplicate key", ap("x", "  action: DENY\n  action: ALLOW\n"), "doc 0: not valid YAML: Duplicate field 'action'"),
                Arguments.of("not an object", "- just\n- a list\n", "policies.yaml doc 0: must be a Kubernetes object"),
                Arguments.of("duplicate resource", ap("x", "  action: DENY\n  rules: [{}]\n") + "---\n" + ap("x", "  action: ALLOW\n"),
                        "policies.yaml doc 1 AuthorizationPolicy foo/x: duplicate of policies.yaml doc 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputs")
    void rejectsInvalidInputNamingFileDocumentResourceAndField(String name, String yaml, String expected) {
        String file = name.equals("unknown field")
                ? ap("a", "") + "---\n" + ra("b", "") + "---\n" + ap("c", "  action: DENY\n  rules: [{}]\n") + "---\n" + yaml
                : yaml;
        PolicyException e = assertThrows(PolicyException.class, () -> load("policies.yaml", file));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void readsADirectoryOfPolicyFilesInNameOrderSkippingHiddenAndOtherFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.yml"), ap("b", ""));
        Files.writeString(dir.resolve("a.yaml"), ap("a", ""));
        Files.writeString(dir.resolve("c.json"), "{\"apiVersion\":\"security.istio.io/v1\",\"kind\":\"AuthorizationPolicy\","
                + "\"metadata\":{\"name\":\"c\",\"namespace\":\"foo\"}}");
        Files.writeString(dir.resolve("notes.txt"), "not a policy");
        Files.writeString(dir.resolve(".hidden.yaml"), "not: [valid");
        Files.createDirectory(dir.resolve("..data"));
        Files.writeString(dir.resolve("..data").resolve("z.yaml"), ap("z", ""));
        PolicySet set = loader.load(dir);
        assertEquals(List.of("foo/a", "foo/b", "foo/c"), set.authorizationPolicies().stream()
                .map(p -> p.metadata().qualifiedName()).toList());
    }

    @Test
    void missingPathIsAnError(@TempDir Path dir) {
        PolicyException e = assertThrows(PolicyException.class, () -> loader.load(dir.resolve("absent")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void parsesGoDurations() {
        assertEquals(Duration.ofMillis(1500), ResourceReader.parseGoDuration("1.5s"));
        assertEquals(Duration.ofMinutes(61), ResourceReader.parseGoDuration("1h1m"));
        assertEquals(Duration.ofMillis(300), ResourceReader.parseGoDuration("300ms"));
        assertNull(ResourceReader.parseGoDuration("5"));
        assertNull(ResourceReader.parseGoDuration("s"));
        assertNull(ResourceReader.parseGoDuration("1s "));
    }

    static String ap(String name, String spec) {
        return "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: " + name
                + "\n  namespace: foo\nspec:\n" + (spec.isEmpty() ? "  {}\n" : spec);
    }

    static String ra(String name, String spec) {
        return "apiVersion: security.istio.io/v1beta1\nkind: RequestAuthentication\nmetadata:\n  name: " + name
                + "\n  namespace: foo\nspec:\n" + (spec.isEmpty() ? "  {}\n" : spec);
    }

    private PolicySet load(String name, String text) throws PolicyException {
        return loader.load(PolicyFiles.of(List.of(PolicyFiles.entry(name, text.getBytes(StandardCharsets.UTF_8)))));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PolicyLoaderTest.class.getResourceAsStream("/istio-examples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
