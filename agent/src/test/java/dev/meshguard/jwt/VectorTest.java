package dev.meshguard.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Project Wycheproof's JWS/JWK vectors and the JOSE RFCs' signed examples, run at the signature layer
 * ({@link KeySet} + {@link Jws} + {@link SignatureVerifier}): a load error counts as a rejection.
 * Labels follow {@code vectors/wycheproof/README.md}, including its errata.
 */
class VectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** RFC 7520 figures whose key {@code alg} differs from the token's: the README marks them "either"; we reject. */
    private static final Set<String> EITHER_REJECTED = Set.of("json_web_signature#346", "json_web_signature#347",
            "json_web_signature#350", "json_web_signature#351");

    static boolean acceptsAtSignatureLayer(JsonNode jwks, String token) {
        try {
            KeySet keys = KeySet.parse(JSON.writeValueAsString(jwks));
            SignatureVerifier.verify(Jws.parseJws(token), keys);
            return true;
        } catch (KeySetException | JwtFailure e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @TestFactory
    List<DynamicTest> wycheproof() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                VectorTest.class.getResourceAsStream("/vectors/wycheproof/jws_cases.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode c = JSON.readTree(line);
                String id = c.get("id").asText();
                String expected = c.get("expected").asText();
                String token = c.get("token").isTextual() ? c.get("token").asText() : JSON.writeValueAsString(c.get("token"));
                tests.add(DynamicTest.dynamicTest(id + " " + c.get("comment").asText() + " -> " + expected, () -> {
                    boolean accepted = acceptsAtSignatureLayer(c.get("jwks"), token);
                    if (expected.equals("either")) {
                        assertEquals(!EITHER_REJECTED.contains(id), accepted, "documented choice for " + id);
                    } else {
                        assertEquals(expected.equals("valid"), accepted);
                    }
                }));
            }
        }
        assertTrue(tests.size() >= 566, "all vectors read");
        return tests;
    }

    @TestFactory
    List<DynamicTest> rfcExamples() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("cookbook-b64-false-attached", "rfc7515-A1-hs256", "rfc7515-A2-rs256", "rfc7515-A3-es256",
                "rfc7515-A4-es512", "rfc7515-A5-unsecured-none", "rfc7520-4.1-rs256", "rfc7520-4.2-ps384",
                "rfc7520-4.3-es512", "rfc7520-4.4-hs256", "rfc7520-4.5-hs256-detached", "rfc7520-6-nested-inner-ps256",
                "rfc7520-6-nested-outer-jwe", "rfc7797-4.1-hs256-b64-true", "rfc7797-4.2-hs256-b64-false-detached",
                "rfc8037-A4-ed25519", "rfc8037-A4-ed25519-modified-sig")) {
            JsonNode c = JSON.readTree(VectorTest.class.getResourceAsStream("/vectors/rfc/" + name + ".json"));
            String expected = c.get("expect").asText();
            tests.add(DynamicTest.dynamicTest(name + " -> " + expected, () ->
                    assertEquals(expected.equals("valid"), acceptsAtSignatureLayer(c.get("jwks"), c.get("token").asText()))));
        }
        return tests;
    }
}
