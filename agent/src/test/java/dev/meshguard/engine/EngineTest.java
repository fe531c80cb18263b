package dev.meshguard.engine;

import dev.meshguard.bootstrap.Verdict;
import dev.meshguard.config.AgentConfig;
import dev.meshguard.testing.ExtAuthzServer;
import dev.meshguard.testing.Seed;
import dev.meshguard.testing.TestRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole decision pipeline on real policy files: Istio's Bookinfo seed, fail-closed states, dry-run, reload. */
class EngineTest {
    @TempDir
    Path dir;
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    static String seedPolicies() throws Exception {
        return Seed.policies();
    }

    static String demoToken() throws Exception {
        return Seed.demoToken();
    }

    private Engine start(String args, Map<String, String> env) {
        engine = Engine.start(AgentConfig.resolve(args, new Properties(), env, p -> null));
        return engine;
    }

    @Test
    void enforcesTheBookinfoSeedScenario() throws Exception {
        Files.writeString(dir.resolve("policies.yaml"), seedPolicies());
        Engine e = start("policyPath=" + dir, Map.of());
        assertTrue(e.decide(TestRequest.get("/productpage")).allowed());
        Verdict api = e.decide(TestRequest.get("/api/v1/products/0"));
        assertEquals(403, api.status());
        assertEquals("RBAC: access denied", api.body());
        assertEquals("rbac_access_denied_matched_policy[ns[istio-system]-policy[require-jwt]-rule[0]]", api.details());

        Verdict valid = e.decide(TestRequest.get("/api/v1/products/0").bearer(demoToken()));
        assertTrue(valid.allowed());
        assertEquals(java.util.List.of("Authorization"), valid.mutation().remove());

        String token = demoToken();
        int at = token.lastIndexOf('.') + 10;
        String tampered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        Verdict invalid = e.decide(TestRequest.get("/productpage").host("bookinfo:9080").bearer(tampered));
        assertEquals(401, invalid.status());
        assertEquals("Jwt verification fails", invalid.body());
        assertEquals("Bearer realm=\"http://bookinfo:9080/productpage\", error=\"invalid_token\"",
                invalid.responseHeaders().get("WWW-Authenticate"));
        assertTrue(e.describe().contains("1 RequestAuthentication and 1 AuthorizationPolicy apply"), e.describe());
    }

    @Test
    void aRawPathRouterIsDecidedOnTheRawPathAndOnItsOwnReadingOfIt() throws Exception {
        Files.writeString(dir.resolve("policies.yaml"), "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: deny, namespace: default}\nspec:\n  action: DENY\n"
                + "  rules: [{to: [{operation: {paths: [/admin]}}]}]\n");
        Engine e = start("policyPath=" + dir, Map.of());
        // Micronaut's router matches /admin/ as /admin: the raw path is Envoy's, the router's reading is denied
        Verdict slash = e.decide(TestRequest.get("/admin").raw("/admin/").routedOnRawPath("/admin/"));
        assertEquals(403, slash.status());
        assertTrue(e.decide(TestRequest.get("/other").raw("/other/").routedOnRawPath("/other/")).allowed());
        // a raw path Envoy would normalise is refused, whatever the router's reading
        Verdict encoded = e.decide(TestRequest.get("/%61dmin").raw("/%61dmin").routedOnRawPath("/%61dmin"));
        assertEquals(400, encoded.status());
        assertEquals("meshguard: ambiguous path", encoded.body());
        Verdict dots = e.decide(TestRequest.get("/x/../admin").raw("/x/../admin/").routedOnRawPath("/x/../admin/"));
        assertEquals(400, dots.status());
        // what the application reads in a way no policy can see (Micronaut's decoded %2F) is refused too
        Verdict unseen = e.decide(TestRequest.get("/other/a%2Fb").raw("/other/a%2Fb").routedOnRawPath(null));
        assertEquals(400, unseen.status());
        assertEquals("meshguard: ambiguous path", unseen.body());
    }

    @Test
    void dryRunModeLetsDenialsThrough() throws Exception {
        Files.writeString(dir.resolve("policies.yaml"), seedPolicies());
        Engine e = start("policyPath=" + dir + ",mode=dry-run", Map.of());
        Verdict v = e.decide(TestRequest.get("/api/v1/products/0"));
        assertTrue(v.allowed());
        assertTrue(v.mutation().isEmpty());
        assertTrue(e.decide(TestRequest.get("/productpage").bearer("garbage")).allowed());
    }

    @Test
    void anExplicitPathThatIsMissingFailsClosedUntilAValidVersionAppears() throws Exception {
        Path file = dir.resolve("policies.yaml");
        Engine e = start("policyPath=" + file + ",reloadInterval=100ms", Map.of());
        Verdict v = e.decide(TestRequest.get("/productpage"));
        assertEquals(503, v.status());
        assertEquals("meshguard: policy path " + file + " does not exist", v.body());

        Files.writeString(file, seedPolicies());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (e.decide(TestRequest.get("/productpage")).status() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(e.decide(TestRequest.get("/productpage")).allowed());
        assertEquals(403, e.decide(TestRequest.get("/api")).status());
    }

    @Test
    void anInvalidPolicyAtStartFailsClosedNamingTheProblem() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: x, namespace: foo}\nspec: {actoin: DENY}\n");
        Verdict v = start("policyPath=" + dir, Map.of()).decide(TestRequest.get("/"));
        assertEquals(503, v.status());
        assertEquals("meshguard: p.yaml doc 0 AuthorizationPolicy foo/x: spec.actoin: unknown field", v.body());
    }

    @Test
    void aMalformedSettingFailsClosed() {
        Verdict v = start(null, Map.of("MESHGUARD_MODE", "block")).decide(TestRequest.get("/"));
        assertEquals(503, v.status());
        assertEquals("meshguard: MESHGUARD_MODE='block' is not one of enforce, dry-run, off", v.body());
    }

    @Test
    void anAbsentDefaultPathEnforcesNothing() {
        Engine e = start("policyPath=" + dir.resolve("absent"), Map.of());
        assertEquals(503, e.decide(TestRequest.get("/")).status(), "explicit: fail closed");
        e.close();
        Engine d = start(null, Map.of());
        assertFalse(Files.exists(Path.of("/etc/meshguard")), "this test needs the default path to be absent");
        assertTrue(d.decide(TestRequest.get("/")).allowed());
    }

    @Test
    void aHundredSwapsWhileRequestsAreDecidedNeverShowAMixedOrMissingPolicy() throws Exception {
        Path file = dir.resolve("policies.yaml");
        String v1 = seedPolicies();
        String v2 = seedPolicies() + "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: deny-page, namespace: istio-system}\nspec: {action: DENY, rules: [{to: [{operation: {paths: [/productpage]}}]}]}\n";
        Files.writeString(file, v1);
        Engine e = start("policyPath=" + file + ",reloadInterval=20ms", Map.of());
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.List<String> wrong = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.atomic.AtomicLong decisions = new java.util.concurrent.atomic.AtomicLong();
        java.util.Set<Integer> pageAnswers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                while (running.get()) {
                    int page = e.decide(TestRequest.get("/productpage")).status();
                    int api = e.decide(TestRequest.get("/api/v1/products/0")).status();
                    decisions.addAndGet(2);
                    pageAnswers.add(page);
                    if ((page != 0 && page != 403) || api != 403) {
                        wrong.add("productpage " + page + ", api " + api);
                    }
                }
            });
            threads[t].start();
        }
        for (int i = 0; i < 100; i++) {
            Path tmp = dir.resolve(".tmp");
            Files.writeString(tmp, i % 2 == 0 ? v2 : v1);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            // Most versions last 30 ms, shorter than the watcher's settle read, and are skipped; every tenth (v2) stays
            // long enough to be taken, so both versions are certainly in force at some point.
            Thread.sleep(i % 10 == 0 ? 400 : 30);
        }
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(wrong.isEmpty(), () -> wrong.subList(0, Math.min(5, wrong.size())).toString());
        assertTrue(decisions.get() > 1000, "decisions ran during the swaps: " + decisions.get());
        assertEquals(java.util.Set.of(0, 403), pageAnswers, "both versions were in force at some point");
    }

    @Test
    void aBrokenReloadKeepsTheLastGoodVersion() throws Exception {
        Path file = dir.resolve("policies.yaml");
        Files.writeString(file, seedPolicies());
        Engine e = start("policyPath=" + file + ",reloadInterval=100ms", Map.of());
        Files.writeString(file, seedPolicies().replace("notPaths", "notPathz"));
        Thread.sleep(800);
        assertEquals(403, e.decide(TestRequest.get("/api")).status(), "the last good version still denies");
        Files.writeString(file, "");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!e.decide(TestRequest.get("/api")).allowed() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(e.decide(TestRequest.get("/api")).allowed(), "an empty source means no policies");
    }

    @Test
    void aCustomPolicyWaitsForTheExternalAuthorizerWithoutBlockingTheCaller() throws Exception {
        Files.writeString(dir.resolve("policies.yaml"), seedPolicies() + "---\napiVersion: security.istio.io/v1\n"
                + "kind: AuthorizationPolicy\nmetadata: {name: ext, namespace: istio-system}\n"
                + "spec: {action: CUSTOM, provider: {name: authz}, rules: [{to: [{operation: {paths: ['/allow*', '/deny*', '/slow', '/error']}}]}]}\n");
        try (ExtAuthzServer.Running authorizer = ExtAuthzServer.start(false)) {
            Engine e = start("policyPath=" + dir + ",extauthzUrl=" + authorizer.base() + "/check,extauthzTimeout=1s", Map.of());
            Verdict pending = e.decide(TestRequest.get("/allow-and-remove").header("x-secret", "s").bearer(demoToken()));
            assertTrue(pending.isPending(), "the authorizer's answer is awaited, not blocked on");
            Verdict allowed = pending.await();
            assertTrue(allowed.allowed());
            assertTrue(allowed.mutation().remove().contains("x-secret"), "the authorizer asked to remove it");

            Verdict denied = e.decide(TestRequest.get("/deny-length")).await();
            assertEquals(401, denied.status());
            assertEquals("who are you", denied.body());
            assertEquals("ext_authz_denied", denied.details());
            assertEquals("Basic realm=\"authz\"", denied.responseHeaders().get("www-authenticate"));

            Verdict error = e.decide(TestRequest.get("/error")).await();
            assertEquals(403, error.status());
            assertEquals("", error.body());
            assertEquals("ext_authz_error", error.details());

            Verdict deniedFirst = e.decide(TestRequest.get("/api/v1/products/0"));
            assertFalse(deniedFirst.isPending(), "no CUSTOM rule matches: the authorizer is not asked");
            assertEquals(403, deniedFirst.status());
        }
    }

    @Test
    void keysFromAJwksUriVerifyTokensOnTheRequestPath() throws Exception {
        dev.meshguard.testing.TestKeys key = dev.meshguard.testing.TestKeys.generate("ES256", "k");
        try (dev.meshguard.testing.JwksServer keys = dev.meshguard.testing.JwksServer.http(dev.meshguard.testing.TestKeys.jwks(key))) {
            Files.writeString(dir.resolve("p.yaml"), "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\n"
                    + "metadata: {name: jwt, namespace: default}\nspec: {jwtRules: [{jwksUri: '" + keys.jwksUri() + "'}]}\n");
            Engine e = start("policyPath=" + dir, Map.of());
            assertTrue(e.decide(TestRequest.get("/").bearer(key.sign(dev.meshguard.testing.TestKeys.claims("https://any", "a", "")))).allowed());
            assertEquals(401, e.decide(TestRequest.get("/").bearer("a.b.c")).status());
        }
    }
}
