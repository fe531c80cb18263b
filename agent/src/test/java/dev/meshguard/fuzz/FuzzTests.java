package dev.meshguard.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.meshguard.authz.Authorizer;
import dev.meshguard.authz.AuthzOptions;
import dev.meshguard.jwt.AuthResult;
import dev.meshguard.jwt.JwksFetcher;
import dev.meshguard.jwt.JwtAuthenticator;
import dev.meshguard.jwt.KeySet;
import dev.meshguard.jwt.KeySetException;
import dev.meshguard.jwt.VerificationKey;
import dev.meshguard.policy.PolicyException;
import dev.meshguard.policy.PolicyFiles;
import dev.meshguard.policy.PolicyLoader;
import dev.meshguard.policy.PolicySet;
import dev.meshguard.testing.Seed;
import dev.meshguard.testing.TestRequest;

import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.crypto.SecretKey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz tests (Jazzer). In the normal test command they replay their corpus under
 * {@code src/test/resources/dev/meshguard/fuzz/FuzzTestsInputs/}; with {@code JAZZER_FUZZ=1} they fuzz (see
 * docs/security.md). Each target states a property of its result; any exception but the documented rejection fails it.
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

    /**
     * Whatever the loader accepts compiles, or is refused with a {@link PolicyException} (never another exception,
     * which would leave a reload half done); whatever it refuses is refused with the file's name in the message.
     */
    @FuzzTest(maxDuration = "30s")
    void policyLoaderAcceptsOnlyWhatCompiles(byte[] input) {
        PolicySet set;
        try {
            set = new PolicyLoader("default").load(PolicyFiles.of(List.of(PolicyFiles.entry("fuzz.yaml", input))));
        } catch (PolicyException refused) {
            assertTrue(refused.getMessage().startsWith("fuzz.yaml"), refused.getMessage());
            return;
        }
        try {
            Authorizer.compile(set.authorizationPolicies(), new AuthzOptions(1, true));
            JwtAuthenticator.compile(set.requestAuthentications(), new JwksFetcher(Duration.ofMinutes(20), null),
                    Duration.ofSeconds(60));
        } catch (PolicyException refused) {
            assertTrue(refused.getMessage().contains("fuzz.yaml"), refused.getMessage());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void tokenValidationNeverCrashesNorAcceptsGarbage(FuzzedDataProvider data) throws Exception {
        String header = data.consumeRemainingAsString();
        AuthResult r = authenticator().authenticate(TestRequest.get("/").header("Authorization", header));
        assertTrue(r.outcome() != AuthResult.Outcome.AUTHENTICATED || header.equals("Bearer " + Seed.demoToken()),
                "only the sample token authenticates");
    }

    /**
     * A key set either parses into keys that each verify only the algorithms of their own key type, with distinct
     * {@code kid}s and no mix of HMAC and public keys, or is refused with a {@link KeySetException}.
     */
    @FuzzTest(maxDuration = "30s")
    void keySetParsingYieldsOnlyConsistentKeys(byte[] input) {
        KeySet set;
        try {
            set = KeySet.parse(new String(input, java.nio.charset.StandardCharsets.UTF_8));
        } catch (KeySetException refused) {
            return;
        }
        Set<String> kids = new HashSet<>();
        Set<Boolean> kinds = new HashSet<>();
        for (VerificationKey k : set.keys()) {
            assertTrue(k.kid() == null || kids.add(k.kid()), "duplicate kid");
            kinds.add(k.symmetric());
            assertFalse(k.algorithms().isEmpty());
            for (String alg : k.algorithms()) {
                assertEquals(expectedFamily(k.key()), alg.substring(0, 2).replace("RS", "RP").replace("PS", "RP"), alg);
            }
        }
        assertTrue(kinds.size() <= 1, "HMAC and public keys mixed");
    }

    /** The two-letter algorithm prefix a key type allows: HS, RP (RS or PS), ES or Ed. */
    private static String expectedFamily(Key key) {
        if (key instanceof SecretKey) {
            return "HS";
        }
        if (key instanceof RSAPublicKey) {
            return "RP";
        }
        if (key instanceof ECPublicKey) {
            return "ES";
        }
        if (key instanceof EdECPublicKey) {
            return "Ed";
        }
        throw new AssertionError("unexpected key type " + key.getClass());
    }
}
