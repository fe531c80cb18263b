package dev.meshguard.jwt;

import org.jose4j.jca.ProviderContext;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;
import org.jose4j.jws.EdDsaAlgorithm;
import org.jose4j.jws.HmacUsingShaAlgorithm;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.jws.RsaUsingShaAlgorithm;
import org.jose4j.lang.JoseException;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The JWS signature layer: picks the keys that may verify a token (by {@code kid} when both name one, and always by
 * the key's own algorithms) and checks the signature with jose4j's algorithm for the token's {@code alg}, after range
 * checks jose4j's JVM may not do. The algorithm objects are made directly, one per name on first use, not through
 * jose4j's registry, whose first use tries every JWS and JWE algorithm on the JVM (signing with secp256k1 among them)
 * and costs a server's first request about 150 ms.
 */
final class SignatureVerifier {
    private static final ConcurrentMap<String, JsonWebSignatureAlgorithm> BY_NAME = new ConcurrentHashMap<>();
    private static final ProviderContext PROVIDERS = new ProviderContext();

    private SignatureVerifier() {
    }

    /** Succeeds when one candidate key verifies the signature; otherwise fails with Envoy's status. */
    static void verify(Jws jws, KeySet keys) throws JwtFailure {
        if (jws.unsupportedHeader) {
            throw new JwtFailure(JwtStatus.VERIFICATION_FAILS);
        }
        boolean candidate = false;
        for (VerificationKey key : keys.keys()) {
            if (!key.algorithms().contains(jws.alg)) {
                continue;
            }
            if (jws.kid != null && key.kid() != null && !jws.kid.equals(key.kid())) {
                continue;
            }
            candidate = true;
            if (verifies(jws, key)) {
                return;
            }
        }
        throw new JwtFailure(candidate ? JwtStatus.VERIFICATION_FAILS : JwtStatus.KID_ALG_MISMATCH);
    }

    private static boolean verifies(Jws jws, VerificationKey key) throws JwtFailure {
        if (jws.alg.equals("EdDSA") && jws.signature.length != 64) {
            throw new JwtFailure(JwtStatus.ED25519_SIGNATURE_WRONG_LENGTH);
        }
        BigInteger order = key.ecOrder();
        if (order != null && !ecdsaInRange(jws.signature, order)) {
            return false;
        }
        try {
            JsonWebSignatureAlgorithm algorithm = algorithm(jws.alg);
            algorithm.validateVerificationKey(key.key());
            byte[] signed = jws.compact.substring(0, jws.compact.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
            return algorithm.verifySignature(jws.signature, key.key(), signed, PROVIDERS);
        } catch (JoseException | RuntimeException e) {
            return false;
        }
    }

    /** jose4j's algorithm for a name {@link Jws#ALGORITHMS} accepts; each is stateless and shared by all threads. */
    private static JsonWebSignatureAlgorithm algorithm(String alg) {
        return BY_NAME.computeIfAbsent(alg, SignatureVerifier::create);
    }

    private static JsonWebSignatureAlgorithm create(String alg) {
        switch (alg) {
            case "RS256": return new RsaUsingShaAlgorithm.RsaSha256();
            case "RS384": return new RsaUsingShaAlgorithm.RsaSha384();
            case "RS512": return new RsaUsingShaAlgorithm.RsaSha512();
            case "PS256": return new RsaUsingShaAlgorithm.RsaPssSha256();
            case "PS384": return new RsaUsingShaAlgorithm.RsaPssSha384();
            case "PS512": return new RsaUsingShaAlgorithm.RsaPssSha512();
            case "ES256": return new EcdsaUsingShaAlgorithm.EcdsaP256UsingSha256();
            case "ES384": return new EcdsaUsingShaAlgorithm.EcdsaP384UsingSha384();
            case "ES512": return new EcdsaUsingShaAlgorithm.EcdsaP521UsingSha512();
            case "HS256": return new HmacUsingShaAlgorithm.HmacSha256();
            case "HS384": return new HmacUsingShaAlgorithm.HmacSha384();
            case "HS512": return new HmacUsingShaAlgorithm.HmacSha512();
            case "EdDSA": return new EdDsaAlgorithm();
            default: throw new IllegalArgumentException("no JWS algorithm " + alg);
        }
    }

    /**
     * An ECDSA signature (r || s) must have the curve's length and 0 &lt; r, s &lt; n. Checked here so that a JVM
     * without the CVE-2022-21449 fix never sees the all-zero "psychic" signature.
     */
    static boolean ecdsaInRange(byte[] signature, BigInteger order) {
        int half = (order.bitLength() + 7) / 8;
        if (signature.length != 2 * half) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, half, signature.length));
        return r.signum() > 0 && s.signum() > 0 && r.compareTo(order) < 0 && s.compareTo(order) < 0;
    }
}
