package dev.meshguard.jwt;

import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.util.Collections;
import java.util.Set;

/**
 * One key of a JWKS that can verify signatures: its {@code kid}, the Java key, and the JWS algorithms it may verify
 * (decided by its {@code kty}, {@code crv}, length and {@code alg}, never by a token's header).
 */
public final class VerificationKey {
    private final String kid;
    private final Key key;
    private final Set<String> algorithms;
    private final boolean symmetric;

    VerificationKey(String kid, Key key, Set<String> algorithms, boolean symmetric) {
        this.kid = kid;
        this.key = key;
        this.algorithms = Collections.unmodifiableSet(algorithms);
        this.symmetric = symmetric;
    }

    /** The key's {@code kid}, or null. */
    public String kid() { return kid; }

    public Key key() { return key; }

    /** The JWS {@code alg} values this key may verify. */
    public Set<String> algorithms() { return algorithms; }

    public boolean symmetric() { return symmetric; }

    /** The curve order of an EC key, for the signature range check; null for other keys. */
    java.math.BigInteger ecOrder() {
        return key instanceof ECPublicKey ? ((ECPublicKey) key).getParams().getOrder() : null;
    }
}
