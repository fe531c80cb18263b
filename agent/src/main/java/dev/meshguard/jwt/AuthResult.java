package dev.meshguard.jwt;

import dev.meshguard.bootstrap.HeaderMutation;

/**
 * What JWT authentication concluded for a request, as Envoy's {@code jwt_authn} filter under Istio's
 * {@code allow_missing} requirement concludes it: no token (passes, no identity), authenticated (identity and header
 * changes), a CORS preflight that skipped authentication, or rejected with a {@link JwtStatus}. Immutable.
 */
public final class AuthResult {

    /**
     * The outcomes Istio's JWT filter can reach, and {@link #NO_RULES} when no {@code RequestAuthentication} applies
     * (Istio then creates no JWT filter).
     */
    public enum Outcome { NO_RULES, NO_TOKEN, AUTHENTICATED, CORS_PREFLIGHT, REJECTED }

    private static final AuthResult NO_RULES = new AuthResult(Outcome.NO_RULES, null, null, HeaderMutation.none());
    private static final AuthResult NO_TOKEN = new AuthResult(Outcome.NO_TOKEN, null, null, HeaderMutation.none());
    private static final AuthResult CORS_PREFLIGHT = new AuthResult(Outcome.CORS_PREFLIGHT, null, null, HeaderMutation.none());

    private final Outcome outcome;
    private final JwtIdentity identity;
    private final JwtStatus status;
    private final HeaderMutation mutation;

    private AuthResult(Outcome outcome, JwtIdentity identity, JwtStatus status, HeaderMutation mutation) {
        this.outcome = outcome;
        this.identity = identity;
        this.status = status;
        this.mutation = mutation;
    }

    /** No {@code RequestAuthentication} applies: nothing is checked. */
    public static AuthResult noRules() { return NO_RULES; }

    /** No token in any configured location (header changes, e.g. stripped spoofed output headers, may still apply). */
    public static AuthResult noToken(HeaderMutation mutation) {
        return mutation.isEmpty() ? NO_TOKEN : new AuthResult(Outcome.NO_TOKEN, null, null, mutation);
    }

    /** A CORS preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}): not checked. */
    public static AuthResult corsPreflight() { return CORS_PREFLIGHT; }

    /** A CORS preflight whose copies of output headers are still removed, so a client cannot forge them. */
    public static AuthResult corsPreflight(HeaderMutation mutation) {
        return new AuthResult(Outcome.CORS_PREFLIGHT, null, null, mutation);
    }

    public static AuthResult authenticated(JwtIdentity identity, HeaderMutation mutation) {
        return new AuthResult(Outcome.AUTHENTICATED, identity, null, mutation);
    }

    /** Rejected with {@code status} (401, or 403 for an audience failure). */
    public static AuthResult rejected(JwtStatus status) {
        return new AuthResult(Outcome.REJECTED, null, status, HeaderMutation.none());
    }

    public Outcome outcome() { return outcome; }

    public boolean rejected() { return outcome == Outcome.REJECTED; }

    /** The identity when {@link Outcome#AUTHENTICATED}, else null. */
    public JwtIdentity identity() { return identity; }

    /** Why the token was refused when {@link Outcome#REJECTED}, else null. */
    public JwtStatus status() { return status; }

    /** Request header changes to apply when the request goes on. */
    public HeaderMutation mutation() { return mutation; }

    @Override
    public String toString() {
        return outcome == Outcome.REJECTED ? "REJECTED " + status.message() : outcome.name();
    }
}
