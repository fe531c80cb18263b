package dev.meshguard.jwt;

/**
 * A JWKS that cannot be used: invalid JSON, an unacceptable key, or an ambiguous set; the message says which. When
 * {@link #unsupportedByThisJvm()}, the set is valid but this JVM cannot verify with it (EdDSA before Java 15): a
 * rule with it refuses its tokens rather than failing the whole policy version.
 */
public final class KeySetException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unsupportedByThisJvm;

    public KeySetException(String message) {
        this(message, false);
    }

    private KeySetException(String message, boolean unsupportedByThisJvm) {
        super(message);
        this.unsupportedByThisJvm = unsupportedByThisJvm;
    }

    /** A valid key this JVM cannot use. */
    static KeySetException unsupportedByThisJvm(String message) {
        return new KeySetException(message, true);
    }

    /** True when the key set is valid but this JVM cannot verify with it. */
    public boolean unsupportedByThisJvm() { return unsupportedByThisJvm; }
}
