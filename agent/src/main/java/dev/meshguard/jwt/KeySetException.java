package dev.meshguard.jwt;

/** A JWKS that cannot be used: invalid JSON, an unacceptable key, or an ambiguous set. The message says which. */
public final class KeySetException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeySetException(String message) {
        super(message);
    }
}
