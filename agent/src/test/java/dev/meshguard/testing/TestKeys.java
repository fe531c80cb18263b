package dev.meshguard.testing;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import javax.crypto.spec.SecretKeySpec;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Real keys for every JWS algorithm, their JWKS, and tokens signed with them. */
public final class TestKeys {
    public static final List<String> ALGORITHMS = List.of("ES256", "ES384", "ES512", "HS256", "HS384", "HS512",
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA");

    public final String alg;
    public final String kid;
    private final Key signing;
    private final String publicJwk;

    private TestKeys(String alg, String kid, Key signing, String publicJwk) {
        this.alg = alg;
        this.kid = kid;
        this.signing = signing;
        this.publicJwk = publicJwk;
    }

    /** A fresh key for {@code alg} with key id {@code kid}. */
    public static TestKeys generate(String alg, String kid) {
        try {
            if (alg.startsWith("HS")) {
                byte[] k = new byte[64];
                new SecureRandom().nextBytes(k);
                String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(k);
                return new TestKeys(alg, kid, new SecretKeySpec(k, "HmacSHA" + alg.substring(2)),
                        "{\"kty\":\"oct\",\"kid\":\"" + kid + "\",\"alg\":\"" + alg + "\",\"k\":\"" + b64 + "\"}");
            }
            KeyPair pair;
            if (alg.startsWith("ES")) {
                String curve = Map.of("ES256", "secp256r1", "ES384", "secp384r1", "ES512", "secp521r1").get(alg);
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(curve));
                pair = g.generateKeyPair();
            } else if (alg.equals("EdDSA")) {
                pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } else {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                pair = g.generateKeyPair();
            }
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
            jwk.setKeyId(kid);
            jwk.setAlgorithm(alg);
            return new TestKeys(alg, kid, pair.getPrivate(), jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String jwk() { return publicJwk; }

    /** A JWKS holding these keys. */
    public static String jwks(TestKeys... keys) {
        return "{\"keys\":[" + java.util.Arrays.stream(keys).map(TestKeys::jwk).collect(Collectors.joining(",")) + "]}";
    }

    /** A token over {@code claimsJson}, with this key's {@code alg} and {@code kid}. */
    public String sign(String claimsJson) {
        return sign(claimsJson, alg, kid);
    }

    public String sign(String claimsJson, String headerAlg, String headerKid) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claimsJson);
            jws.setAlgorithmHeaderValue(headerAlg);
            if (headerKid != null) {
                jws.setKeyIdHeaderValue(headerKid);
            }
            jws.setKey(signing);
            jws.setDoKeyValidation(false);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims for issuer {@code iss}, subject {@code sub}, expiring an hour from now, plus {@code extra} JSON members. */
    public static String claims(String iss, String sub, String extra) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"iss\":\"" + iss + "\",\"sub\":\"" + sub + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600)
                + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
    }
}
