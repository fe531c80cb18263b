package dev.meshguard.policy;

/**
 * A policy source that cannot be used: unparseable, invalid as Istio's admission webhook would judge it, or not
 * compilable. The message names the file, document, resource and field path.
 */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
