package dev.meshguard.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.meshguard.jwt.AuthResult;
import dev.meshguard.jwt.JwksFetcher;
import dev.meshguard.jwt.JwtAuthenticator;
import dev.meshguard.jwt.KeySet;
import dev.meshguard.jwt.KeySetException;
import dev.meshguard.policy.PolicyException;
import dev.meshguard.policy.PolicyFiles;
import dev.meshguard.policy.PolicyLoader;
import dev.meshguard.policy.PolicySet;
import dev.meshguard.testing.Seed;
import dev.meshguard.testing.TestRequest;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz tests (Jazzer). In the normal test command they replay their corpus under
 * {@code src/test/resources/dev/meshguard/fuzz/FuzzTestsInputs/}; with {@code JAZZER_FUZZ=1} they fuzz (see
 * docs/security.md). The only allowed outcomes are a result or the documented exception, never a crash.
 */
class FuzzTests {
    private static JwtAuthenticator authenticator;

    private static synchronized JwtAuthenticator authenticator() throws Exception {
        if (authenticator == null) {
            PolicySet seed = new PolicyLoader("default").load(PolicyFiles.of(List.of(
                    PolicyFiles.entry("seed.yaml", Seed.policies().getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
            authenticator = JwtAuthenticator.compile(seed.requestAuthentications(),
                    new JwksFetcher(Duration.ofMinutes(20), null), Duration.ofSeconds(60));
        }
        return authenticator;
    }

    @FuzzTest(maxDuration = "30s")
    void policyLoaderNeverCrashes(byte[] input) {
        try {
            PolicySet set = new PolicyLoader("default").load(PolicyFiles.of(List.of(PolicyFiles.entry("fuzz.yaml", input))));
            assertNotNull(set);
        } catch (PolicyException expected) {
            assertNotNull(expected.getMessage());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void tokenValidationNeverCrashesNorAcceptsGarbage(FuzzedDataProvider data) throws Exception {
        String header = data.consumeRemainingAsString();
        AuthResult r = authenticator().authenticate(TestRequest.get("/").header("Authorization", header));
        assertTrue(r.outcome() != AuthResult.Outcome.AUTHENTICATED || header.equals("Bearer " + Seed.demoToken()),
                "only the sample token authenticates");
    }

    @FuzzTest(maxDuration = "30s")
    void keySetParsingNeverCrashes(byte[] input) {
        try {
            assertTrue(!KeySet.parse(new String(input, java.nio.charset.StandardCharsets.UTF_8)).keys().isEmpty());
        } catch (KeySetException expected) {
            assertNotNull(expected.getMessage());
        }
    }
}
