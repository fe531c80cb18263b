package dev.meshguard.jwt;

import dev.meshguard.bootstrap.HeaderMutation;

/**
 * What JWT authentication concluded for a request: no token (passes, no identity), authenticated (identity and
 * header changes), or rejected with Envoy's status message (answered 401).
 */
public final class AuthResult {

    /** The three outcomes Istio's JWT filter can reach. */
    public enum Outcome { NO_TOKEN, AUTHENTICATED, REJECTED }

    private static final AuthResult NO_TOKEN = new AuthResult(Outcome.NO_TOKEN, null, null, HeaderMutation.none());

    private final Outcome outcome;
    private final JwtIdentity identity;
    private final String failure;
    private final HeaderMutation mutation;

    private AuthResult(Outcome outcome, JwtIdentity identity, String failure, HeaderMutation mutation) {
        this.outcome = outcome;
        this.identity = identity;
        this.failure = failure;
        this.mutation = mutation;
    }

    /** No token in any configured location (header changes, e.g. stripped spoofed output headers, may still apply). */
    public static AuthResult noToken(HeaderMutation mutation) {
        return mutation.isEmpty() ? NO_TOKEN : new AuthResult(Outcome.NO_TOKEN, null, null, mutation);
    }

    public static AuthResult authenticated(JwtIdentity identity, HeaderMutation mutation) {
        return new AuthResult(Outcome.AUTHENTICATED, identity, null, mutation);
    }

    /** Rejected; {@code failure} is Envoy's status string, e.g. {@code Jwt is expired}. */
    public static AuthResult rejected(String failure) {
        return new AuthResult(Outcome.REJECTED, null, failure, HeaderMutation.none());
    }

    public Outcome outcome() { return outcome; }

    /** The identity when {@link Outcome#AUTHENTICATED}, else null. */
    public JwtIdentity identity() { return identity; }

    /** Envoy's failure string when {@link Outcome#REJECTED}, else null. */
    public String failure() { return failure; }

    /** Request header changes to apply when the request goes on. */
    public HeaderMutation mutation() { return mutation; }
}
