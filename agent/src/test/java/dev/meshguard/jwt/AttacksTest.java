package dev.meshguard.jwt;

import dev.meshguard.testing.TestKeys;
import dev.meshguard.testing.TestRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The known attacks on JWT validators: every one ends in 401 with Envoy's reason, never in an identity. */
class AttacksTest {
    static final String ISS = "https://issuer.example";
    static JwksFetcher fetcher;
    static TestKeys rsa;
    static TestKeys ec;
    static JwtAuthenticator auth;

    @BeforeAll
    static void setUp() throws Exception {
        fetcher = new JwksFetcher(Duration.ofMinutes(20), null);
        rsa = TestKeys.generate("RS256", "rsa");
        ec = TestKeys.generate("ES256", "ec");
        auth = JwtAuthenticator.compile(JwtAuthenticatorTest.policies("  - issuer: " + ISS + "\n    jwks: '"
                + TestKeys.jwks(rsa, ec) + "'\n"), fetcher, Duration.ofSeconds(60));
    }

    @AfterAll
    static void tearDown() {
        fetcher.close();
    }

    static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String claims() {
        return TestKeys.claims(ISS, "mallory", "");
    }

    static String hmac(String headerJson, String payloadJson, byte[] secret) throws Exception {
        String input = b64(headerJson) + "." + b64(payloadJson);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
        return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    record Attack(String name, String token, String expected) { }

    static List<Attack> attacks() throws Exception {
        List<Attack> a = new ArrayList<>();
        String valid = rsa.sign(claims());
        String[] parts = valid.split("\\.");
        for (String none : List.of("none", "None", "NONE", "nOnE")) {
            a.add(new Attack("alg " + none + " without a signature", b64("{\"alg\":\"" + none + "\"}") + "." + b64(claims()) + ".",
                    "Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections"));
            a.add(new Attack("alg " + none + " with a signature", b64("{\"alg\":\"" + none + "\"}") + "." + b64(claims()) + ".AAAA",
                    "Jwt header [alg] is not supported"));
        }
        byte[] rsaDer = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                org.jose4j.jwk.PublicJsonWebKey.Factory.newPublicJwk(rsa.jwk()).getPublicKey().getEncoded())).getEncoded();
        a.add(new Attack("HS256 with the RSA public key as secret", hmac("{\"alg\":\"HS256\",\"kid\":\"rsa\"}", claims(), rsaDer),
                "Jwks doesn't have key to match kid or alg from Jwt"));
        byte[] ecDer = org.jose4j.jwk.PublicJsonWebKey.Factory.newPublicJwk(ec.jwk()).getPublicKey().getEncoded();
        a.add(new Attack("HS256 with the EC public key as secret", hmac("{\"alg\":\"HS256\"}", claims(), ecDer),
                "Jwks doesn't have key to match kid or alg from Jwt"));
        TestKeys attacker = TestKeys.generate("RS256", "rsa");
        String attackerJwk = attacker.jwk();
        for (String header : List.of("jwk\":" + attackerJwk, "jku\":\"https://evil.example/keys\"", "x5u\":\"https://evil.example/cert\"",
                "x5c\":[\"MIIB\"]")) {
            a.add(new Attack("embedded " + header.substring(0, 3), signWithHeader(attacker, "{\"alg\":\"RS256\",\"kid\":\"rsa\",\"" + header + "}"),
                    "Jwt verification fails"));
        }
        for (String kid : List.of("../../../../etc/passwd", "\\\"' OR 1=1", "\\u0000", "k".repeat(10_000))) {
            a.add(new Attack("kid " + kid.substring(0, Math.min(12, kid.length())), signWithHeader(attacker,
                    "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}"), "Jwks doesn't have key to match kid or alg from Jwt"));
        }
        String ecToken = ec.sign(claims());
        String ecInput = ecToken.substring(0, ecToken.lastIndexOf('.'));
        a.add(new Attack("ECDSA all-zero signature (CVE-2022-21449)", ecInput + "." + b64(new byte[64]), "Jwt verification fails"));
        byte[] raw = Base64.getUrlDecoder().decode(ecToken.substring(ecToken.lastIndexOf('.') + 1));
        a.add(new Attack("ECDSA signature DER-encoded", ecInput + "." + b64(der(raw)), "Jwt verification fails"));
        byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
        a.add(new Attack("truncated signature", parts[0] + "." + parts[1] + "." + b64(java.util.Arrays.copyOf(sig, sig.length - 3)),
                "Jwt verification fails"));
        a.add(new Attack("extended signature", parts[0] + "." + parts[1] + "." + parts[2] + "AAAA", "Jwt verification fails"));
        a.add(new Attack("crit with an unknown extension", signWithHeader(rsa, "{\"alg\":\"RS256\",\"crit\":[\"exp-ext\"],\"exp-ext\":1}"), "Jwt verification fails"));
        a.add(new Attack("b64 false", signWithHeader(rsa, "{\"alg\":\"RS256\",\"b64\":false,\"crit\":[\"b64\"]}"), "Jwt verification fails"));
        a.add(new Attack("JWE, five parts", b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A128GCM\"}") + ".a.b.c.d",
                "Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections"));
        a.add(new Attack("nested JWT", signWithHeader(rsa, "{\"alg\":\"RS256\",\"cty\":\"JWT\"}"), "Jwt verification fails"));
        a.add(new Attack("duplicate alg in the header", signWithHeader(rsa, "{\"alg\":\"RS256\",\"alg\":\"none\"}"), "Jwt header is an invalid JSON"));
        a.add(new Attack("duplicate sub in the payload", rsa.sign("{\"iss\":\"" + ISS + "\",\"sub\":\"a\",\"sub\":\"admin\"}"), "Jwt payload is an invalid JSON"));
        a.add(new Attack("iss not a string", rsa.sign("{\"iss\":[\"" + ISS + "\"],\"sub\":\"a\"}"), "Jwt payload [iss] field is not a string"));
        a.add(new Attack("sub not a string", rsa.sign("{\"iss\":\"" + ISS + "\",\"sub\":{\"id\":1}}"), "Jwt payload [sub] field is not a string"));
        a.add(new Attack("aud not a string", rsa.sign("{\"iss\":\"" + ISS + "\",\"aud\":7}"), "Jwt payload [aud] field is not a string or string list"));
        a.add(new Attack("exp a string", rsa.sign("{\"iss\":\"" + ISS + "\",\"exp\":\"9999999999\"}"), "Jwt payload [exp] field is not an integer"));
        a.add(new Attack("exp a boolean", rsa.sign("{\"iss\":\"" + ISS + "\",\"exp\":true}"), "Jwt payload [exp] field is not an integer"));
        a.add(new Attack("exp negative", rsa.sign("{\"iss\":\"" + ISS + "\",\"exp\":-5}"), "Jwt payload [exp] field is not a positive 64 bit integer"));
        a.add(new Attack("nbf beyond a double", rsa.sign("{\"iss\":\"" + ISS + "\",\"nbf\":1e400}"), "Jwt payload [nbf] field is not a positive 64 bit integer"));
        a.add(new Attack("nbf at 2^64", rsa.sign("{\"iss\":\"" + ISS + "\",\"nbf\":18446744073709551616}"), "Jwt payload [nbf] field is not a positive 64 bit integer"));
        a.add(new Attack("a 300 KB token", parts[0] + "." + "A".repeat(300_000) + "." + parts[2],
                "Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections"));
        return a;
    }

    private static String signWithHeader(TestKeys key, String header) throws Exception {
        java.lang.reflect.Field f = TestKeys.class.getDeclaredField("signing");
        f.setAccessible(true);
        java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
        s.initSign((java.security.PrivateKey) f.get(key));
        String input = b64(header) + "." + b64(claims());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(s.sign());
    }

    private static byte[] der(byte[] raw) {
        byte[] r = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, 32)).toByteArray();
        byte[] s = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64)).toByteArray();
        byte[] out = new byte[6 + r.length + s.length];
        out[0] = 0x30;
        out[1] = (byte) (4 + r.length + s.length);
        out[2] = 0x02;
        out[3] = (byte) r.length;
        System.arraycopy(r, 0, out, 4, r.length);
        out[4 + r.length] = 0x02;
        out[5 + r.length] = (byte) s.length;
        System.arraycopy(s, 0, out, 6 + r.length, s.length);
        return out;
    }

    @TestFactory
    List<DynamicTest> everyAttackIsRefused() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Attack attack : attacks()) {
            tests.add(DynamicTest.dynamicTest(attack.name(), () -> {
                AuthResult r = auth.authenticate(TestRequest.get("/").bearer(attack.token()));
                assertEquals(AuthResult.Outcome.REJECTED, r.outcome());
                assertEquals(attack.expected(), r.status().message());
            }));
        }
        String valid = rsa.sign(claims());
        for (String header : List.of("Bearer Bearer " + valid, "Bearer " + valid + " garbage", "Bearer " + valid + ",x",
                "Bearer " + valid + "." + valid)) {
            tests.add(DynamicTest.dynamicTest("header '" + header.substring(0, 14) + "...'", () -> {
                AuthResult r = auth.authenticate(TestRequest.get("/").header("Authorization", header));
                assertEquals(AuthResult.Outcome.REJECTED, r.outcome(), header);
            }));
        }
        tests.add(DynamicTest.dynamicTest("the valid token itself is accepted", () -> {
            assertNotNull(auth.authenticate(TestRequest.get("/").bearer(valid)).identity());
        }));
        tests.add(DynamicTest.dynamicTest("as in Envoy, spaces before the token are skipped", () -> {
            assertNotNull(auth.authenticate(TestRequest.get("/").header("Authorization", "Bearer  \t" + valid)).identity());
        }));
        tests.add(DynamicTest.dynamicTest("a huge token is refused before any decoding", () -> {
            String huge = "a".repeat(500_000) + "." + "b".repeat(500_000) + ".c";
            AuthResult r = auth.authenticate(TestRequest.get("/").bearer(huge));
            assertEquals(JwtStatus.BAD_FORMAT, r.status());
        }));
        return tests;
    }
}
