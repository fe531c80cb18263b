package dev.meshguard.jwt;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The JWS signature layer: picks the keys that may verify a token (by {@code kid} when both name one, and always by
 * the key's own algorithms) and checks the signature with jose4j, after range checks jose4j's JVM may not do.
 */
final class SignatureVerifier {

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
            JsonWebSignature verifier = new JsonWebSignature();
            verifier.setAlgorithmConstraints(new AlgorithmConstraints(
                    AlgorithmConstraints.ConstraintType.PERMIT, jws.alg));
            verifier.setCompactSerialization(jws.compact);
            verifier.setKey(key.key());
            return verifier.verifySignature();
        } catch (JoseException | RuntimeException e) {
            return false;
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
