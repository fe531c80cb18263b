package dev.meshguard.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshguard.json.JsonTrees;

import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed, validated JWKS: the keys that may verify signatures. Stricter than the JOSE specifications require:
 * every signing key must be acceptable (RSA of 2048 bits or more with an odd exponent of at least 3 and no ROCA
 * fingerprint, EC points on their named curve, HMAC keys at least as long as their hash, a declared {@code alg}
 * compatible with the key), a set may not mix HMAC and public keys, and two keys may not share a {@code kid}.
 * Keys marked for another use ({@code use} other than {@code sig}, {@code key_ops} without {@code verify}) are ignored.
 * Immutable.
 */
public final class KeySet {
    private static final byte[] ED25519_X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private final List<VerificationKey> keys;

    private KeySet(List<VerificationKey> keys) {
        this.keys = Collections.unmodifiableList(keys);
    }

    public List<VerificationKey> keys() { return keys; }

    /** Parses JWKS JSON ({@code {"keys":[...]}}). */
    public static KeySet parse(String json) throws KeySetException {
        JsonNode root;
        try {
            root = JsonTrees.parse(json);
        } catch (java.io.IOException e) {
            throw new KeySetException("Jwks is an invalid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new KeySetException("Jwks is an invalid JSON");
        }
        JsonNode keys = root.get("keys");
        if (keys == null) {
            throw new KeySetException("Jwks does not have [keys] field");
        }
        if (!keys.isArray()) {
            throw new KeySetException("[keys] in Jwks is not an array");
        }
        List<VerificationKey> out = new ArrayList<>();
        Set<String> kids = new HashSet<>();
        boolean symmetric = false;
        boolean asymmetric = false;
        for (int i = 0; i < keys.size(); i++) {
            VerificationKey key;
            try {
                key = parseKey(keys.get(i));
            } catch (KeySetException e) {
                throw new KeySetException("keys[" + i + "]: " + e.getMessage());
            }
            if (key == null) {
                continue;
            }
            if (key.kid() != null && !kids.add(key.kid())) {
                throw new KeySetException("keys[" + i + "]: kid '" + key.kid() + "' is used by two keys, so a token's key would be ambiguous");
            }
            symmetric |= key.symmetric();
            asymmetric |= !key.symmetric();
            out.add(key);
        }
        if (symmetric && asymmetric) {
            throw new KeySetException("the set mixes HMAC (oct) keys with public keys; use one kind per set");
        }
        if (out.isEmpty()) {
            throw new KeySetException("Jwks doesn't have any valid public key");
        }
        return new KeySet(out);
    }

    private static VerificationKey parseKey(JsonNode jwk) throws KeySetException {
        if (!jwk.isObject()) {
            throw new KeySetException("[kty] is missing in [keys]");
        }
        JsonNode ktyNode = jwk.get("kty");
        if (ktyNode == null) {
            throw new KeySetException("[kty] is missing in [keys]");
        }
        if (!ktyNode.isTextual()) {
            throw new KeySetException("[kty] is bad in [keys]");
        }
        if (!isSigningKey(jwk)) {
            return null;
        }
        String kid = optionalString(jwk, "kid");
        String alg = optionalString(jwk, "alg");
        switch (ktyNode.textValue()) {
            case "RSA": return rsa(jwk, kid, alg);
            case "EC": return ec(jwk, kid, alg);
            case "OKP": return okp(jwk, kid, alg);
            case "oct": return oct(jwk, kid, alg);
            default: throw new KeySetException("[kty] is not supported in [keys]");
        }
    }

    /** A key declared for encryption is not a verification key: it is skipped, not an error. */
    private static boolean isSigningKey(JsonNode jwk) throws KeySetException {
        String use = optionalString(jwk, "use");
        if (use != null && !use.equals("sig")) {
            return false;
        }
        JsonNode ops = jwk.get("key_ops");
        if (ops != null) {
            if (!ops.isArray()) {
                throw new KeySetException("[key_ops] is not an array");
            }
            for (JsonNode op : ops) {
                if ("verify".equals(op.asText())) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private static VerificationKey rsa(JsonNode jwk, String kid, String alg) throws KeySetException {
        Set<String> algs = new LinkedHashSet<>(Arrays.asList("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"));
        restrict(algs, alg, "[alg] is not started with [RS] or [PS] for an RSA key");
        BigInteger n = unsigned(member(jwk, "n", "[n] field is missing for a RSA key", "[n] field is not string for a RSA key"));
        BigInteger e = unsigned(member(jwk, "e", "[e] field is missing for a RSA key", "[e] field is not string for a RSA key"));
        if (n.bitLength() < 2048) {
            throw new KeySetException("RSA key of " + n.bitLength() + " bits refused: at least 2048 bits are required");
        }
        if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0) {
            throw new KeySetException("RSA public exponent must be odd and at least 3");
        }
        if (Roca.vulnerable(n)) {
            throw new KeySetException("RSA key refused: its modulus has the ROCA weakness (CVE-2017-15361)");
        }
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
            return new VerificationKey(kid, key, algs, false);
        } catch (GeneralSecurityException ex) {
            throw new KeySetException("Jwks RSA [n] or [e] field is missing or has a parse error");
        }
    }

    private static VerificationKey ec(JsonNode jwk, String kid, String alg) throws KeySetException {
        JsonNode crvNode = jwk.get("crv");
        if (crvNode == null || !crvNode.isTextual()) {
            throw new KeySetException("[crv] field is not string for an EC key");
        }
        String crv = crvNode.textValue();
        String curveAlg;
        String stdName;
        int size;
        switch (crv) {
            case "P-256": curveAlg = "ES256"; stdName = "secp256r1"; size = 32; break;
            case "P-384": curveAlg = "ES384"; stdName = "secp384r1"; size = 48; break;
            case "P-521": curveAlg = "ES512"; stdName = "secp521r1"; size = 66; break;
            default: throw new KeySetException("[crv] or [alg] field is not supported for an EC key");
        }
        if (alg != null && !alg.startsWith("ES")) {
            throw new KeySetException("[alg] is not started with [ES] for an EC key");
        }
        if (alg != null && !alg.equals(curveAlg)) {
            throw new KeySetException("[crv] field specified is not compatible with [alg] for an EC key");
        }
        byte[] x = member(jwk, "x", "[x] field is missing for an EC key", "[x] field is not string for an EC key");
        byte[] y = member(jwk, "y", "[y] field is missing for an EC key", "[y] field is not string for an EC key");
        if (x.length != size || y.length != size) {
            throw new KeySetException("Jwks EC [x] and [y] fields have a parse error.");
        }
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec(stdName));
            ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
            ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
            if (!onCurve(point, spec)) {
                throw new KeySetException("Jwks EC create key fail: the point is not on " + crv);
            }
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
            return new VerificationKey(kid, key, Collections.singleton(curveAlg), false);
        } catch (GeneralSecurityException ex) {
            throw new KeySetException("Jwks EC create key fail");
        }
    }

    private static boolean onCurve(ECPoint point, ECParameterSpec spec) {
        BigInteger p = ((java.security.spec.ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
        return left.equals(right);
    }

    private static VerificationKey okp(JsonNode jwk, String kid, String alg) throws KeySetException {
        JsonNode crv = jwk.get("crv");
        if (crv == null) {
            throw new KeySetException("[crv] field is missing for an OKP key");
        }
        if (!crv.isTextual()) {
            throw new KeySetException("[crv] field is not string for an OKP key");
        }
        if (!"Ed25519".equals(crv.textValue())) {
            throw new KeySetException("[crv] field is not supported for an OKP key");
        }
        if (alg != null && !alg.equals("EdDSA")) {
            throw new KeySetException("[alg] is not [EdDSA] for an OKP key");
        }
        byte[] x = member(jwk, "x", "[x] field is missing for an OKP key", "[x] field is not string for an OKP key");
        if (x.length != 32) {
            throw new KeySetException("Jwks OKP [x] field is wrong length.");
        }
        byte[] der = Arrays.copyOf(ED25519_X509_PREFIX, ED25519_X509_PREFIX.length + 32);
        System.arraycopy(x, 0, der, ED25519_X509_PREFIX.length, 32);
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            return new VerificationKey(kid, key, Collections.singleton("EdDSA"), false);
        } catch (NoSuchAlgorithmException e) {
            throw KeySetException.unsupportedByThisJvm("EdDSA (Ed25519) keys need Java 15 or newer; this JVM is "
                    + System.getProperty("java.version"));
        } catch (GeneralSecurityException e) {
            throw new KeySetException("Jwks OKP [x] field is an invalid Base64.");
        }
    }

    private static VerificationKey oct(JsonNode jwk, String kid, String alg) throws KeySetException {
        byte[] k = member(jwk, "k", "[k] field is missing for an HMAC key", "[k] field is not string for an HMAC key");
        Set<String> algs = new LinkedHashSet<>();
        if (k.length >= 32) {
            algs.add("HS256");
        }
        if (k.length >= 48) {
            algs.add("HS384");
        }
        if (k.length >= 64) {
            algs.add("HS512");
        }
        if (alg != null && !alg.startsWith("HS")) {
            throw new KeySetException("[alg] does not start with [HS] for an HMAC key");
        }
        if (alg != null && !algs.contains(alg)) {
            throw new KeySetException("HMAC key of " + k.length * 8 + " bits is too short for " + alg);
        }
        restrict(algs, alg, "[alg] does not start with [HS] for an HMAC key");
        if (algs.isEmpty()) {
            throw new KeySetException("HMAC key of " + k.length * 8 + " bits refused: at least 256 bits are required");
        }
        return new VerificationKey(kid, new SecretKeySpec(k, "HmacSHA256"), algs, true);
    }

    private static void restrict(Set<String> algs, String alg, String problem) throws KeySetException {
        if (alg == null) {
            return;
        }
        if (!algs.contains(alg)) {
            throw new KeySetException(problem);
        }
        algs.retainAll(Collections.singleton(alg));
    }

    private static byte[] member(JsonNode jwk, String name, String missing, String notString) throws KeySetException {
        JsonNode n = jwk.get(name);
        if (n == null) {
            throw new KeySetException(missing);
        }
        if (!n.isTextual()) {
            throw new KeySetException(notString);
        }
        byte[] bytes = Base64Url.decode(n.textValue());
        if (bytes == null) {
            throw new KeySetException("[" + name + "] is not canonical base64url");
        }
        return bytes;
    }

    private static BigInteger unsigned(byte[] bytes) {
        return new BigInteger(1, bytes);
    }

    private static String optionalString(JsonNode jwk, String name) throws KeySetException {
        JsonNode n = jwk.get(name);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw new KeySetException("[" + name + "] is not a string");
        }
        return n.textValue();
    }
}
