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

    /**
     * An error in one field of one resource, worded as
     * {@code policies.yaml doc 3 AuthorizationPolicy foo/deny-all: spec.rules[0].to[0].operation.methodz: unknown field}.
     */
    public static PolicyException at(PolicyResource resource, String fieldPath, String problem) {
        return new PolicyException(resource.origin() + " " + resource.kind() + " "
                + resource.metadata().qualifiedName() + ": " + fieldPath + ": " + problem);
    }
}
