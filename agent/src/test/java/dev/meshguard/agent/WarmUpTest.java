package dev.meshguard.agent;

import dev.meshguard.config.AgentConfig;
import dev.meshguard.log.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm-up runs before anything is configured to be seen: whatever it reads, it must say nothing and keep nothing. */
class WarmUpTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void restoreLog() {
        Logger.output(System.err);
    }

    private WarmUp.Result warmUp(Path policies) {
        Logger.configure(Logger.Level.DEBUG, false);
        Logger.output(new PrintStream(log, true));
        AgentConfig config = AgentConfig.resolve(null, new Properties(),
                Collections.singletonMap("MESHGUARD_POLICY_PATH", policies.toString()), p -> null);
        int threads = Thread.activeCount();
        WarmUp.Result done = new WarmUp(config, new Weaver(new ArrayList<>(), getClass().getClassLoader())).warm();
        assertEquals(threads, Thread.activeCount(), "no thread left behind");
        assertTrue(done.woven, "the rehearsal wove its target");
        return done;
    }

    @Test
    void policiesThatWouldBeLoggedAreReadSilently() throws Exception {
        Files.write(dir.resolve("custom.yaml"), ("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: ext, namespace: default}\n"
                + "spec:\n  action: CUSTOM\n  provider: {name: my-authz}\n  rules: [{to: [{operation: {paths: [/x]}}]}]\n")
                .getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("remote.yaml"), ("apiVersion: security.istio.io/v1\nkind: RequestAuthentication\n"
                + "metadata: {name: jwt, namespace: default}\n"
                + "spec:\n  jwtRules: [{issuer: x, jwksUri: 'http://127.0.0.1:9/jwks'}]\n").getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("deny.yaml"), ("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: deny, namespace: default}\n"
                + "spec:\n  action: DENY\n  rules: [{to: [{operation: {paths: [/admin]}}]}]\n").getBytes(StandardCharsets.UTF_8));
        WarmUp.Result done = warmUp(dir);
        assertEquals(1, done.compiled, "the DENY policy compiled; CUSTOM left to the engine");
        assertEquals(2, done.verified, "keys fetched later may be of any kind: both rehearsal tokens verified");
        assertEquals("", log.toString("UTF-8"));
    }

    @Test
    void rehearsesOnlyTheAlgorithmsThePoliciesInlineKeysAllow() throws Exception {
        Files.write(dir.resolve("deny.yaml"), ("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: deny, namespace: default}\n"
                + "spec:\n  action: DENY\n  rules: [{to: [{operation: {paths: [/admin]}}]}]\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(0, warmUp(dir).verified, "no RequestAuthentication: no token to verify");

        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.interfaces.RSAPublicKey rsa =
                (java.security.interfaces.RSAPublicKey) generator.generateKeyPair().getPublic();
        java.util.Base64.Encoder url = java.util.Base64.getUrlEncoder().withoutPadding();
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\""
                + url.encodeToString(unsigned(rsa.getModulus().toByteArray())) + "\"}]}";
        Files.write(dir.resolve("inline.yaml"), ("apiVersion: security.istio.io/v1\nkind: RequestAuthentication\n"
                + "metadata: {name: jwt, namespace: default}\n"
                + "spec:\n  jwtRules: [{issuer: x, jwks: '" + jwks + "'}]\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(1, warmUp(dir).verified, "an RSA key: the RS256 token only");
        assertEquals("", log.toString("UTF-8"));
    }

    @Test
    void aBrokenOrMissingSourceIsLeftToTheEngineToReport() throws Exception {
        Files.write(dir.resolve("broken.yaml"), "kind: AuthorizationPolicy\nspec: [\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(-1, warmUp(dir).compiled);
        assertEquals(2, warmUp(dir).verified, "unread policies: every kind of token rehearsed");
        assertEquals(-1, warmUp(dir.resolve("missing")).compiled);
        assertEquals("", log.toString("UTF-8"));
    }

    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement[0] == 0
                ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
    }
}
