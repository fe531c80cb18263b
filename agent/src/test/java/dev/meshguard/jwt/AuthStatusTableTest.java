package dev.meshguard.jwt;

import dev.meshguard.bootstrap.Verdict;
import dev.meshguard.config.AgentConfig;
import dev.meshguard.engine.Engine;
import dev.meshguard.testing.StatusTokens;
import dev.meshguard.testing.TestRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every authentication status Meshguard can answer, through the whole engine: its HTTP status (403 only for the
 * audience failure, as Envoy's {@code jwt_authn}), its body (Envoy's text), its {@code WWW-Authenticate} and its
 * response details.
 */
class AuthStatusTableTest {
    private static Path dir;
    private static Engine engine;
    private static StatusTokens tokens;

    @BeforeAll
    static void start() throws Exception {
        tokens = new StatusTokens();
        dir = Files.createTempDirectory("statuses");
        Files.writeString(dir.resolve("p.yaml"), tokens.policy());
        engine = Engine.start(AgentConfig.resolve("policyPath=" + dir, new Properties(), Map.of(), p -> null));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @TestFactory
    List<DynamicTest> everyStatus() {
        List<DynamicTest> tests = new ArrayList<>();
        Set<JwtStatus> covered = EnumSet.noneOf(JwtStatus.class);
        for (StatusTokens.Case c : tokens.cases()) {
            covered.add(c.status());
            tests.add(DynamicTest.dynamicTest(c.status().name(), () -> {
                TestRequest r = TestRequest.get("/status?x=1").host("shop.example:8443");
                c.authorization().forEach(v -> r.header("Authorization", v));
                Verdict v = engine.decide(r);
                assertEquals(c.status() == JwtStatus.AUDIENCE_NOT_ALLOWED ? 403 : 401, v.status());
                assertEquals(c.status().message(), v.body());
                assertEquals("Bearer realm=\"http://shop.example:8443/status?x=1\", error=\"invalid_token\"",
                        v.responseHeaders().get("WWW-Authenticate"));
                assertEquals(c.status().details(), v.details());
            }));
        }
        tests.add(DynamicTest.dynamicTest("a valid token passes", () ->
                assertTrue(engine.decide(TestRequest.get("/").bearer(tokens.valid())).allowed())));
        Set<JwtStatus> unreachable = EnumSet.complementOf(EnumSet.copyOf(covered));
        unreachable.removeIf(s -> s.name().startsWith("JWKS_") || s == JwtStatus.OK || s == JwtStatus.MISSED
                || s == JwtStatus.NO_VALID_KEYS);
        assertEquals(Set.of(), unreachable, "every status a request can get is in the table (key-set statuses are load errors"
                + " here; a missing token is not refused under Istio's allow_missing; no valid keys needs a JVM before 15)");
        return tests;
    }
}
